package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.internal.RequestScope;
import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-replica routing against two real extra databases on the dev PostgreSQL standing in for
 * replicas: each holds a probe row naming its database, so every read shows where it ran.
 */
class ReplicaRoutingTest {

  private static final String READ = "SELECT v FROM replica_probe";
  private static Vertx vertx;
  private static Db db;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    prepare("postgres", "primary");
    for (String name : List.of("brisk_replica_a", "brisk_replica_b")) {
      Pool admin = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(TestPg.url()))
          .using(vertx).build();
      await(admin.query("DROP DATABASE IF EXISTS " + name).execute()
          .compose(r -> admin.query("CREATE DATABASE " + name).execute())
          .eventually(admin::close));
      prepare(name, name.substring(name.length() - 1));
    }
    db = Db.create(vertx, DbOptions.fromUrl(TestPg.url())
        .withReplicaUrls(List.of(TestPg.urlOf("brisk_replica_a"), TestPg.urlOf("brisk_replica_b")))
        .withRegistry(new SimpleMeterRegistry()));
  }

  private static void prepare(String database, String value) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(TestPg.urlOf(database)))
        .using(vertx).build();
    await(pool.query("DROP TABLE IF EXISTS replica_probe").execute()
        .compose(r -> pool.query("CREATE TABLE replica_probe (v text)").execute())
        .compose(r -> pool.query("INSERT INTO replica_probe VALUES ('" + value + "')").execute())
        .eventually(pool::close));
  }

  @AfterAll
  static void stop() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void plain_reads_go_round_robin_to_the_replicas() {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(value(await(db.query(READ))));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b", "a", "b");
  }

  @Test
  void transactions_writes_and_locking_reads_go_to_the_primary() {
    assertThat(value(await(db.inTransaction(tx -> tx.query(READ))))).isEqualTo("primary");
    assertThat(value(await(db.query("UPDATE replica_probe SET v = v RETURNING v"))))
        .isEqualTo("primary");
    assertThat(value(await(db.query(READ + " FOR UPDATE")))).isEqualTo("primary");
    assertThat(value(await(db.primary().query(READ)))).isEqualTo("primary");
  }

  @Test
  void reads_after_a_write_in_the_same_request_see_the_primary() {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    new RequestScope("replica-test", 5_000_000_000L, System::nanoTime).bind(request);
    List<String> seen = await(TestPg.on(request, () -> {
      List<String> values = new ArrayList<>();
      return db.query(READ).map(rows -> values.add(value(rows)))
          .compose(x -> db.query("UPDATE replica_probe SET v = v RETURNING v"))
          .compose(x -> db.query(READ)).map(rows -> values.add(value(rows)))
          .compose(x -> db.query(READ)).map(rows -> values.add(value(rows)))
          .map(x -> values);
    }));
    assertThat(seen.get(0)).isIn("a", "b");
    assertThat(seen.subList(1, 3)).containsExactly("primary", "primary");
  }

  @Test
  void unreachable_replica_falls_back_to_the_primary() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    PgConnectOptions o = PgConnectOptions.fromUri(TestPg.url());
    Db broken = Db.create(vertx, DbOptions.fromUrl(TestPg.url())
        .withReplicaUrls(List.of("postgresql://" + o.getUser() + "@127.0.0.1:" + closedPort
            + "/postgres"))
        .withRegistry(new SimpleMeterRegistry()));
    assertThat(value(await(broken.query(READ)))).isEqualTo("primary");
    await(broken.close());
  }

  private static String value(RowSet<Row> rows) {
    return rows.iterator().next().getString("v");
  }
}
