package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import dev.brisk.test.TestPg;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
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

  /**
   * A migration that cannot take its lock (a long transaction, such as an export's, holds the
   * table while old instances serve) lets go after the lock timeout and tries again. Waiting
   * instead queued every other statement on the table behind it (PostgreSQL grants locks in
   * order) until the statement timeout failed the start, which the restarted instance repeated.
   */
  @Test
  void a_script_may_run_longer_than_the_requests_statement_timeout() {
    // The pool's sessions carry the requests' statement timeout (5 s by default): an index
    // build on a large table failed the start with it.
    Db strict = Db.create(vertx, DbOptions.fromUrl(TestPg.urlOf(DATABASE))
        .withStatementTimeout(Duration.ofMillis(500)));
    try {
      assertThat(await(Migrations.apply(vertx, strict, List.of("kit-migrations/V1__first.sql",
          "kit-migrations/V5__slow.sql")))).isEqualTo(2);
      assertThat(awaitFailure(strict.query("SELECT pg_sleep(1.5)"))).isInstanceOf(Problem.class);
    } finally {
      await(strict.close());
    }
  }

  @Test
  void a_migration_blocked_by_a_long_transaction_lets_go_and_retries() {
    await(Migrations.apply(vertx, db, List.of("kit-migrations/V1__first.sql")));
    SqlConnection export = await(db.pool().getConnection());
    try (LogCapture logs = LogCapture.start()) {
      await(export.query("BEGIN").execute()
          .compose(x -> export.query("SELECT count(*) FROM kit_first").execute()));

      Future<Integer> applied = Migrations.apply(vertx, db,
          List.of("kit-migrations/V1__first.sql", "kit-migrations/V4__alter.sql"));

      // Three tries span more than the 5 s statement timeout that used to fail the start.
      TestBrisk.eventually("the migration tried three times", () -> logs.text()
          .split("retrying in", -1).length > 3);
      assertThat(await(db.query("SELECT count(*) AS n FROM kit_first")).iterator().next()
          .getLong("n")).as("a read between the tries").isZero();
      await(export.query("COMMIT").execute());
      assertThat(await(applied)).isEqualTo(1);
      assertThat(logs.text()).contains("Migration kit-migrations/V4__alter.sql could not take "
          + "its locks within 1000 ms");
    } finally {
      await(export.close());
    }
  }
}
