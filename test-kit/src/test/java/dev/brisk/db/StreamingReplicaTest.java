package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.auth.Access;
import dev.brisk.devservices.DevServices;
import dev.brisk.devservices.DevServicesOptions;
import dev.brisk.http.Reply;
import dev.brisk.internal.RequestScope;
import dev.brisk.test.TestBrisk;
import dev.brisk.test.TestPg;
import dev.brisk.test.TestReplica;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replica routing against a real streaming replica (dev services, one for the class): reads go
 * to it, a caller's write is seen by its next read on another instance while replay is paused,
 * a lagging or stopped replica leaves the rotation without a client error and comes back. The
 * poller is driven by {@link ReplicaSet#check()} and a fake clock, never by waiting.
 */
class StreamingReplicaTest {

  /** Where a read ran, and how many rows of the caller it saw. */
  private static final String WHERE = "SELECT pg_is_in_recovery() AS on_replica, "
      + "(SELECT count(*) FROM ryw_probe WHERE owner = $1) AS seen";
  /** Writes a row owned by the caller's request, and reads where it ran and what it saw. */
  private static final BriskApp NOTES = (routes, ctx) -> routes
      .post("/notes", Access.open(), rc -> ctx.db()
          .query("INSERT INTO ryw_probe VALUES ('http')").map(x -> Reply.ok(new JsonObject())))
      .get("/notes", Access.open(), rc -> ctx.db().query(WHERE, Tuple.of("http"))
          .map(rows -> rows.iterator().next())
          .map(row -> Reply.ok(new JsonObject().put("on_replica", row.getBoolean("on_replica"))
              .put("seen", row.getLong("seen")))));
  private static DevServices dev;
  private static Vertx vertx;
  private static Redis redis;
  private final AtomicLong clock = new AtomicLong();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    dev = DevServices.start(DevServicesOptions.defaults().withDurable(false).withReplica(true));
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, dev.redisUrl());
    Db admin = Db.create(vertx, DbOptions.fromUrl(dev.pgUrl())
        .withRegistry(new SimpleMeterRegistry()));
    await(admin.query("CREATE TABLE ryw_probe (owner text)").eventually(admin::close));
    Db replica = Db.create(vertx, DbOptions.fromUrl(dev.pgReplicaUrl())
        .withRegistry(new SimpleMeterRegistry()));
    eventually("the replica has the probe table", () -> await(replica.query(
        "SELECT to_regclass('ryw_probe') IS NOT NULL AS ok")).iterator().next().getBoolean("ok"));
    await(replica.close());
  }

  @AfterAll
  static void stop() {
    redis.close();
    await(vertx.close());
    dev.close();
  }

  @AfterEach
  void resume() {
    await(TestReplica.resumeReplay(vertx, dev.pgReplicaUrl()));
  }

  /** An instance whose poller runs only when the test says so, on the test's clock. */
  private DefaultDb instance() {
    DefaultDb db = new DefaultDb(vertx, DbOptions.fromUrl(dev.pgUrl())
        .withReplicaUrls(List.of(dev.pgReplicaUrl()))
        .withReplicas(ReplicaOptions.defaults().withCheckInterval(Duration.ofHours(1)))
        .withRegistry(registry), redis, clock::get);
    await(db.replicaSet().check());
    return db;
  }

  @Test
  void plain_reads_go_to_the_replica() {
    DefaultDb db = instance();
    try {
      assertThat(onReplica(await(db.query(WHERE, Tuple.of("nobody"))))).isTrue();
      assertThat(registry.counter("brisk.db.reads", "target", "replica").count()).isEqualTo(1);
      assertThat(db.replicas()).singleElement().satisfies(r -> assertThat(r.isInRotation())
          .isTrue());
    } finally {
      await(db.close());
    }
  }

  @Test
  void a_write_is_seen_by_the_callers_next_read_on_another_instance_while_replay_is_paused() {
    DefaultDb first = instance();
    DefaultDb second = instance();
    try {
      await(TestReplica.pauseReplay(vertx, dev.pgReplicaUrl()));
      await(as("key:alice", () -> first.query("INSERT INTO ryw_probe VALUES ('alice')")));

      Row alice = await(as("key:alice", () -> second.query(WHERE, Tuple.of("alice"))));
      Row bob = await(as("key:bob", () -> second.query(WHERE, Tuple.of("alice"))));

      assertThat(alice.getBoolean("on_replica")).isFalse();
      assertThat(alice.getLong("seen")).isEqualTo(1);
      // Proof that the replica really is behind: a caller who did not write reads it there.
      assertThat(bob.getBoolean("on_replica")).isTrue();
      assertThat(bob.getLong("seen")).isZero();
      assertThat(registry.counter("brisk.db.replica.fallbacks", "reason", "read_your_writes")
          .count()).isEqualTo(1);
    } finally {
      await(first.close());
      await(second.close());
    }
  }

  @Test
  void a_replica_lagging_beyond_max_lag_leaves_the_rotation_until_it_caught_up() {
    DefaultDb db = instance();
    try {
      await(TestReplica.pauseReplay(vertx, dev.pgReplicaUrl()));
      await(db.primary().query("INSERT INTO ryw_probe VALUES ('lag')"));
      await(db.replicaSet().check());
      assertThat(onReplica(await(db.query(WHERE, Tuple.of("lag"))))).isTrue();

      clock.addAndGet(ReplicaOptions.defaults().maxLag().plusSeconds(1).toNanos());
      await(db.replicaSet().check());

      assertThat(db.replicas().get(0).state()).isEqualTo("lagging");
      assertThat(onReplica(await(db.query(WHERE, Tuple.of("lag"))))).isFalse();
      assertThat(registry.counter("brisk.db.replica.fallbacks", "reason", "unavailable")
          .count()).isEqualTo(1);

      await(TestReplica.resumeReplay(vertx, dev.pgReplicaUrl()));
      eventually("replica back in rotation", () -> {
        await(db.replicaSet().check());
        return db.replicas().get(0).isInRotation();
      });
      assertThat(onReplica(await(db.query(WHERE, Tuple.of("lag"))))).isTrue();
    } finally {
      await(db.close());
    }
  }

  @Test
  void a_stopped_replica_sends_reads_to_the_primary_without_errors_and_rejoins() {
    DefaultDb db = instance();
    try {
      assertThat(onReplica(await(db.query(WHERE, Tuple.of("x"))))).isTrue();
      dev.stopReplica();
      try {
        assertThat(onReplica(await(db.query(WHERE, Tuple.of("x"))))).isFalse();
        await(db.replicaSet().check());
        assertThat(db.replicas().get(0).state()).isEqualTo("down");
        assertThat(onReplica(await(db.query(WHERE, Tuple.of("x"))))).isFalse();
      } finally {
        dev.startReplica();
      }
      eventually("replica back in rotation", () -> {
        await(db.replicaSet().check());
        return db.replicas().get(0).isInRotation();
      });
      assertThat(onReplica(await(db.query(WHERE, Tuple.of("x"))))).isTrue();
    } finally {
      await(db.close());
    }
  }

  @Test
  void over_http_a_callers_write_on_one_instance_is_read_back_on_another() {
    Map<String, String> settings = Map.of("pg-url", dev.pgUrl(), "redis-url", dev.redisUrl(),
        "pg-replica-urls", dev.pgReplicaUrl());
    try (TestBrisk first = TestBrisk.start(() -> NOTES, settings);
        TestBrisk second = TestBrisk.start(() -> NOTES, settings)) {
      await(TestReplica.pauseReplay(vertx, dev.pgReplicaUrl()));

      assertThat(await(first.send(HttpMethod.POST, "/notes", Buffer.buffer()))
          .statusCode()).isEqualTo(200);
      JsonObject read = second.get("/notes").bodyAsJsonObject();

      // The anonymous caller is ip:127.0.0.1 on both instances; the mark went through Redis.
      assertThat(read.getBoolean("on_replica")).isFalse();
      assertThat(read.getLong("seen")).isEqualTo(1);
    }
  }

  /** Runs {@code work} in a request of {@code caller}, as caller resolution leaves it. */
  private static Future<Row> as(String caller, Supplier<Future<RowSet<Row>>> work) {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    RequestScope scope = new RequestScope("replica-test", 5_000_000_000L, System::nanoTime);
    scope.caller(caller, null, null);
    scope.bind(request);
    return TestPg.on(request, work).map(rows -> rows.iterator().hasNext()
        ? rows.iterator().next() : null);
  }

  private static boolean onReplica(RowSet<Row> rows) {
    return rows.iterator().next().getBoolean("on_replica");
  }
}
