package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How a sub-response body is embedded in the batch's JSON: losslessly, whatever its bytes. */
class BatchBodyTest {

  private static JsonObject embed(Buffer body, String type) {
    // Through the wire form, as a client sees it.
    return new JsonObject(BatchEndpoint.putBody(new JsonObject(), body, type).encode());
  }

  @Test
  void json_is_embedded_as_json() {
    JsonObject e = embed(Buffer.buffer("{\"id\":1}"), "application/problem+json");

    assertThat(e.getJsonObject("body").getInteger("id")).isEqualTo(1);
    assertThat(e.containsKey("body_encoding")).isFalse();
  }

  @Test
  void text_is_embedded_as_a_string() {
    JsonObject e = embed(Buffer.buffer("Grüße\n"), "text/plain; charset=utf-8");

    assertThat(e.getString("body")).isEqualTo("Grüße\n");
    assertThat(e.containsKey("body_encoding")).isFalse();
  }

  @Test
  void random_binary_bodies_round_trip_through_base64() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      JsonObject e = embed(Buffer.buffer(bytes), "application/x-protobuf");

      assertThat(e.getString("body_encoding")).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(e.getString("body"))).isEqualTo(bytes);
    }
  }

  @Test
  void text_or_json_that_is_not_utf8_falls_back_to_base64() {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
    for (String type : new String[] {"text/plain", "application/json", null}) {
      JsonObject e = embed(Buffer.buffer(latin1), type);

      assertThat(e.getString("body_encoding")).as(type).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(e.getString("body"))).isEqualTo(latin1);
    }
  }

  @Test
  void broken_json_that_is_utf8_is_kept_as_text() {
    assertThat(embed(Buffer.buffer("{oops"), "application/json").getString("body"))
        .isEqualTo("{oops");
  }

  @Test
  void empty_body_is_null() {
    JsonObject e = embed(Buffer.buffer(), "application/x-protobuf");

    assertThat(e.containsKey("body")).isTrue();
    assertThat(e.getValue("body")).isNull();
  }
}
