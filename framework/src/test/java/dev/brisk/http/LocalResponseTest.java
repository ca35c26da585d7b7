package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class LocalResponseTest {

  @Test
  void a_failing_end_handler_still_answers_the_sub_request() {
    LocalResponse response = new LocalResponse(1024);
    response.endHandler(v -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(() -> response.end(Buffer.buffer("ok"))).hasMessage("boom");
    assertThat(response.result().succeeded()).isTrue();
    assertThat(response.result().result().body().toString()).isEqualTo("ok");
  }

  @Test
  void a_failing_end_handler_still_reports_a_sub_response_too_large() {
    LocalResponse response = new LocalResponse(2);
    response.bodyEndHandler(v -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(() -> response.end(Buffer.buffer("too long"))).hasMessage("boom");
    assertThat(response.result().failed()).isTrue();
    assertThat(response.result().cause()).hasMessageContaining("exceeds 2 bytes");
  }
}
