package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming replica with installed binaries (pg_basebackup -R) and with the bundled ones
 * (copy of the stopped primary): in recovery, streaming, following writes, stoppable.
 */
class DevServicesReplicaTest {

  private static Vertx vertx;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    StoreProbe.await(vertx.close());
  }

  @ParameterizedTest(name = "installed binaries: {0}")
  @ValueSource(booleans = {true, false})
  void replica_streams_the_primary_and_restarts(boolean installed) {
    DevServicesOptions options = DevServicesOptions.defaults().withDurable(false)
        .withShutdownHook(false).withReplica(true).withInstalledBinaries(installed);
    try (DefaultDevServices dev = (DefaultDevServices) DevServices.start(options)) {
      String replica = dev.pgReplicaUrl();
      assertThat(dev.settings()).containsEntry(DevServices.PG_REPLICA_URLS_KEY, replica);
      assertThat(replica).isNotEqualTo(dev.pgUrl()).startsWith("postgresql://postgres:");
      assertThat(StoreProbe.query(vertx, replica, "SELECT pg_is_in_recovery()"))
          .isEqualTo("true");
      assertThat(StoreProbe.query(vertx, dev.pgUrl(), "SELECT usename || ' ' || state "
          + "FROM pg_stat_replication")).isEqualTo(PostgresReplica.USER + " streaming");

      execute(dev.pgUrl(), "CREATE TABLE followed AS SELECT 42 AS v");
      assertThat(awaitValue(replica, "SELECT v FROM followed", "42")).isEqualTo("42");

      dev.stopReplica();
      assertThatThrownBy(() -> StoreProbe.query(vertx, replica, "SELECT 1"))
          .isInstanceOf(AssertionError.class);
      execute(dev.pgUrl(), "INSERT INTO followed VALUES (43)");
      dev.startReplica();
      assertThat(awaitValue(replica, "SELECT max(v) FROM followed", "43")).isEqualTo("43");
      Path hba = dev.run().home().resolve("pg/data/pg_hba.conf");
      assertThat(readable(hba)).doesNotContain("local ", "::1");
    }
  }

  /** Polls the replica (bounded) until {@code sql} returns {@code expected}. */
  private static String awaitValue(String url, String sql, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String seen = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        seen = StoreProbe.query(vertx, url, sql);
        if (seen.equals(expected)) {
          return seen;
        }
      } catch (AssertionError e) {
        seen = e.getMessage();
      }
      Commands.pause(Duration.ofMillis(20));
    }
    return seen;
  }

  private static void execute(String url, String sql) {
    SqlClient client = PgBuilder.client().connectingTo(url).using(vertx).build();
    StoreProbe.await(client.query(sql).execute().eventually(client::close));
  }

  private static String readable(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
