package dev.brisk.stream;

import static dev.brisk.stream.StreamClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int64Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each format carries every row, in order, with its framing; Accept picks it. */
class StreamFormatsTest {

  @Test
  void ndjson_has_one_line_per_row_in_order() {
    StreamClient.Full r = get("/rows?n=1000&fetch=100", "Accept", "application/x-ndjson");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/x-ndjson");
    assertThat(r.serverTiming()).contains("db;dur=");
    // The head counts what ran before the first row; the trailer the open and its 11 reads
    // (10 of rows, then one that finds the end).
    assertThat(r.finalServerTiming()).contains("desc=\"12 queries\"");
    List<String> lines = r.text().lines().toList();
    assertThat(lines).hasSize(1000);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(new JsonObject(lines.get(i)).getLong("id")).isEqualTo(i + 1L);
    }
  }

  @Test
  void missing_accept_defaults_to_ndjson() {
    StreamClient.Full r = get("/rows?n=3");

    assertThat(r.contentType()).isEqualTo("application/x-ndjson");
    assertThat(r.text().lines()).hasSize(3);
  }

  @Test
  void json_array_is_one_valid_array_of_every_row() {
    StreamClient.Full r = get("/rows?n=1000&fetch=64", "Accept", "application/json");

    assertThat(r.contentType()).isEqualTo("application/json");
    JsonArray array = new JsonArray(r.text());
    assertThat(array).hasSize(1000);
    assertThat(array.getJsonObject(999).getLong("id")).isEqualTo(1000L);
  }

  @Test
  void empty_json_array_is_still_valid() {
    StreamClient.Full r = get("/rows?n=0", "Accept", "application/json");

    assertThat(new JsonArray(r.text())).isEmpty();
  }

  @Test
  void sse_events_carry_id_name_and_data_then_an_end_event() {
    StreamClient.Full r = get("/rows?n=50&fetch=7", "Accept", "text/event-stream");

    assertThat(r.contentType()).isEqualTo("text/event-stream");
    // Heartbeats (100 ms in this app) may fall anywhere on a loaded machine; the rest is exact.
    List<String> records = Stream.of(r.text().split("\n\n"))
        .filter(record -> !record.equals("event: heartbeat\ndata: {}")).toList();
    assertThat(records.get(0)).isEqualTo("retry: 3000");
    for (int i = 1; i <= 50; i++) {
      assertThat(records.get(i)).startsWith("id: " + i + "\nevent: row\ndata: {\"id\":" + i);
    }
    assertThat(records.get(51)).isEqualTo("event: end\ndata: {\"count\":50}");
    assertThat(records).hasSize(52);
  }

  @Test
  void protobuf_is_length_delimited_messages() throws IOException {
    StreamClient.Full r = get("/rows?n=1000&fetch=100", "Accept", "application/x-protobuf");

    assertThat(r.contentType()).isEqualTo("application/x-protobuf");
    ByteArrayInputStream in = new ByteArrayInputStream(r.body().getBytes());
    List<Long> ids = new ArrayList<>();
    Int64Value message;
    while ((message = Int64Value.parseDelimitedFrom(in)) != null) {
      ids.add(message.getValue());
    }
    assertThat(ids).hasSize(1000);
    assertThat(ids.get(0)).isEqualTo(1L);
    assertThat(ids.get(999)).isEqualTo(1000L);
  }

  @Test
  void protobuf_is_streamed_when_a_proto_parameter_names_the_row_message_and_406_otherwise() {
    StreamClient.Full named = get("/rows?n=3", "Accept",
        "application/x-protobuf; proto=google.protobuf.Int64Value");
    assertThat(named.status()).isEqualTo(200);
    assertThat(named.contentType()).isEqualTo("application/x-protobuf");

    StreamClient.Full other = get("/rows?n=3", "Accept",
        "application/x-protobuf; proto=google.protobuf.StringValue");
    assertThat(other.status()).isEqualTo(406);
    assertThat(other.contentType()).isEqualTo("application/problem+json");
    assertThat(new JsonObject(other.text()).getString("detail"))
        .contains("application/x-protobuf; proto=google.protobuf.Int64Value");
  }

  @Test
  void accept_with_q_values_picks_the_preferred_format() {
    StreamClient.Full r = get("/rows?n=2", "Accept",
        "application/json;q=0.5, text/event-stream;q=0.9");

    assertThat(r.contentType()).isEqualTo("text/event-stream");
  }

  @Test
  void unacceptable_accept_is_a_406_problem() {
    StreamClient.Full r = get("/rows?n=2", "Accept", "text/html");

    assertThat(r.status()).isEqualTo(406);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(new JsonObject(r.text()).getString("detail")).contains("application/x-ndjson");
  }
}
