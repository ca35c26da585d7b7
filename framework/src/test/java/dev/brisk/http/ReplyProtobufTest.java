package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Which replies may be offered as protobuf. */
class ReplyProtobufTest {

  @Test
  void an_encoded_json_object_is_offered_as_its_object() {
    // As Idempotency returns a placed order: stored JSON bytes.
    Buffer bytes = Buffer.buffer(" {\"id\":5,\"status\":\"placed\"}");
    Reply stored = Reply.json(201, bytes).withHeader("Location", "/api/orders/5");

    Reply offered = stored.withProtobuf(Struct.getDescriptor());

    assertThat(offered.protobuf()).isEqualTo(Struct.getDescriptor());
    assertThat(offered.json()).isEqualTo(new JsonObject().put("id", 5).put("status", "placed"));
    assertThat(offered.status()).isEqualTo(201);
    assertThat(offered.headers()).containsEntry("Location", "/api/orders/5");
    // Answered as JSON, the stored bytes go out as they are, neither parsed nor re-encoded.
    assertThat(offered.body()).isSameAs(bytes);
  }

  @Test
  void anything_but_a_json_object_is_refused() {
    assertThatThrownBy(() -> Reply.json(200, Buffer.buffer("[1,2]"))
        .withProtobuf(Struct.getDescriptor())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Reply.json(200, Buffer.buffer(" \n"))
        .withProtobuf(Struct.getDescriptor())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Reply.bytes(200, "text/plain", Buffer.buffer("{}"))
        .withProtobuf(Struct.getDescriptor())).isInstanceOf(IllegalStateException.class);
  }
}
