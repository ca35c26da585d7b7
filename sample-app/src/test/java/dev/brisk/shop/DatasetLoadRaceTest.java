package dev.brisk.shop;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.db.Db;
import dev.brisk.db.DbOptions;
import dev.brisk.db.Migrations;
import dev.brisk.shop.data.Dataset;
import dev.brisk.shop.data.DatasetLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

/**
 * Instances starting together on an empty database migrate and load the dataset once (a
 * cluster's first start): before the advisory lock the second instance's COPY ran into the first
 * one's TRUNCATE and failed to start with a foreign-key violation, and before the migrations'
 * own table was created under their lock one instance could fail on it.
 */
class DatasetLoadRaceTest {

  private static final String DATABASE = "brisk_dataset_race";

  @Test
  void two_instances_loading_an_empty_database_together_both_start_and_load_it_once() {
    Vertx vertx = Vertx.vertx();
    freshDatabase(vertx);
    Db first = instance(vertx, 4);
    Db second = instance(vertx, 4);
    try {
      await(Migrations.apply(vertx, first, ShopApp.MIGRATIONS));
      await(Future.all(DatasetLoader.load(vertx, first, Dataset.SMALL),
          DatasetLoader.load(vertx, second, Dataset.SMALL)));

      assertThat(count(second, "products")).isEqualTo(Dataset.SMALL.products());
      assertThat(count(second, "orders")).isEqualTo(Dataset.SMALL.orders());
      assertThat(count(second, "api_keys")).isEqualTo(3);
      assertThat(count(second, "dataset_info")).isEqualTo(1);
      // A third start finds it loaded and changes nothing.
      await(DatasetLoader.load(vertx, second, Dataset.SMALL));
      assertThat(count(first, "products")).isEqualTo(Dataset.SMALL.products());
    } finally {
      await(first.close());
      await(second.close());
      admin(vertx, TestShop.db().options().url(), "DROP DATABASE IF EXISTS " + DATABASE);
      await(vertx.close());
    }
  }

  @Test
  void two_instances_migrating_an_empty_database_together_apply_each_migration_once() {
    Vertx vertx = Vertx.vertx();
    try {
      // The race is one of timing: a few fresh databases make it likely (it failed 1 in 2
      // starts of two shops before the table's creation moved under the lock).
      for (int round = 0; round < 5; round++) {
        freshDatabase(vertx);
        Db first = instance(vertx, 2);
        Db second = instance(vertx, 2);
        try {
          Future<Integer> a = Migrations.apply(vertx, first, ShopApp.MIGRATIONS);
          Future<Integer> b = Migrations.apply(vertx, second, ShopApp.MIGRATIONS);
          await(Future.all(a, b));
          assertThat(a.result() + b.result()).isEqualTo(ShopApp.MIGRATIONS.size());
          assertThat(count(first, "schema_version")).isEqualTo(ShopApp.MIGRATIONS.size());
        } finally {
          await(first.close());
          await(second.close());
        }
      }
    } finally {
      admin(vertx, TestShop.db().options().url(), "DROP DATABASE IF EXISTS " + DATABASE);
      await(vertx.close());
    }
  }

  private static void freshDatabase(Vertx vertx) {
    admin(vertx, TestShop.db().options().url(), "DROP DATABASE IF EXISTS " + DATABASE,
        "CREATE DATABASE " + DATABASE);
  }

  /** One instance's connection to the test database. */
  private static Db instance(Vertx vertx, int poolSize) {
    String url = TestShop.db().options().url()
        .replaceFirst("/[^/?]*(\\?|$)", "/" + DATABASE + "$1");
    return Db.create(vertx, DbOptions.fromUrl(url).withPoolSize(poolSize)
        .withRegistry(new SimpleMeterRegistry()));
  }

  private static long count(Db db, String table) {
    return await(db.primary().query("SELECT count(*) AS n FROM " + table)).iterator().next()
        .getLong("n");
  }

  private static void admin(Vertx vertx, String url, String... statements) {
    Pool admin = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    Future<?> done = Future.succeededFuture();
    for (String statement : statements) {
      done = done.compose(x -> admin.query(statement).execute());
    }
    await(done.eventually(admin::close));
  }
}
