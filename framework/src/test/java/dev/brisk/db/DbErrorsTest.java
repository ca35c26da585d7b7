package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DbErrorsTest {

  @Test
  void a_reset_connection_is_a_503_unreachable_not_a_500() {
    Throwable reset = new SocketException("Connection reset");
    assertThat(DbErrors.isConnectionFailure(reset)).isTrue();
    Throwable translated = DbErrors.translate(reset).cause();
    assertThat(translated).isInstanceOf(Problem.class);
    assertThat(((Problem) translated).status()).isEqualTo(503);
  }

  @Test
  void a_statement_on_a_connection_that_just_closed_is_a_503() {
    // What vertx-sql-client fails a statement with when the pool hands out a connection whose
    // server was killed a moment before (a 500 in a cluster fault test's primary crash).
    Throwable closed = VertxException.noStackTrace(
        "Connection is not active now, current status: CLOSED");
    assertThat(DbErrors.isConnectionFailure(closed)).isTrue();
    assertThat(((Problem) DbErrors.translate(closed).cause()).status()).isEqualTo(503);
  }

  @Test
  void a_plain_failure_is_not_a_connection_failure() {
    assertThat(DbErrors.isConnectionFailure(new IllegalStateException("boom"))).isFalse();
  }

  @Test
  void a_cancel_has_landed_only_on_query_canceled_sooner_than_the_statement_timeout() {
    PgException canceled = new PgException("canceling statement", "ERROR", "57014", null);
    long ms = 1_000_000;

    assertThat(DbErrors.cancelLanded(canceled, 99 * ms, Duration.ofMillis(100))).isTrue();
    // As late as the timeout, it may have been the timeout, with the cancel still on its way.
    assertThat(DbErrors.cancelLanded(canceled, 100 * ms, Duration.ofMillis(100))).isFalse();
    assertThat(DbErrors.cancelLanded(canceled, 3_600_000 * ms, Duration.ZERO)).isTrue();
    assertThat(DbErrors.cancelLanded(new PgException("deadlock", "ERROR", "40P01", null),
        ms, Duration.ofMillis(100))).isFalse();
    assertThat(DbErrors.cancelLanded(null, ms, Duration.ofMillis(100))).isFalse();
  }
}
