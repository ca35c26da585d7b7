package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import java.net.SocketException;
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
  void a_plain_failure_is_not_a_connection_failure() {
    assertThat(DbErrors.isConnectionFailure(new IllegalStateException("boom"))).isFalse();
  }
}
