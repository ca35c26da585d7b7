package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestPg;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migrations against a database of their own: each applied once, a version recorded under
 * another name refused rather than skipped, a failing script named.
 */
class MigrationsTest {

  private static final String DATABASE = "brisk_migrations";
  private Vertx vertx;
  private Db db;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Pool admin = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(TestPg.url()))
        .using(vertx).build();
    await(admin.query("DROP DATABASE IF EXISTS " + DATABASE).execute()
        .compose(r -> admin.query("CREATE DATABASE " + DATABASE).execute())
        .eventually(admin::close));
    db = Db.create(vertx, DbOptions.fromUrl(TestPg.urlOf(DATABASE)));
  }

  @AfterEach
  void stop() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void applies_each_migration_once() {
    // region apply
    Future<Integer> applied = Migrations.apply(vertx, db,
        List.of("kit-migrations/V1__first.sql", "kit-migrations/V2__second.sql"));
    // endregion apply
    assertThat(await(applied)).isEqualTo(2);
    assertThat(await(Migrations.apply(vertx, db, List.of("kit-migrations/V1__first.sql",
        "kit-migrations/V2__second.sql")))).isZero();
    assertThat(await(Migrations.currentVersion(db))).isEqualTo(2);
  }

  @Test
  void refuses_a_version_recorded_under_another_name() {
    await(Migrations.apply(vertx, db, List.of("kit-migrations/V1__first.sql")));

    Throwable failure = awaitFailure(Migrations.apply(vertx, db,
        List.of("kit-migrations/other/V1__other.sql")));

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage(
        "Migration kit-migrations/other/V1__other.sql was not applied: version 1 is already "
            + "recorded in schema_version as 'first'; give it a version of its own in this "
            + "database");
    assertThat(await(db.query("SELECT to_regclass('kit_other') IS NULL AS absent"))
        .iterator().next().getBoolean("absent")).isTrue();
  }

  @Test
  void names_the_migration_whose_script_fails() {
    Throwable failure = awaitFailure(Migrations.apply(vertx, db,
        List.of("kit-migrations/V1__first.sql", "kit-migrations/V3__broken.sql")));

    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Migration kit-migrations/V3__broken.sql failed: ")
        .hasMessageContaining("kit_missing");
    assertThat(await(Migrations.currentVersion(db))).isEqualTo(1);
  }
}
