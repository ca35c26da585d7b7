package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int64Value;
import dev.brisk.cache.ETags;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Accept picks JSON or protobuf by q-value; a write's Accept is checked before it runs; GETs carry
 * a strong ETag and answer 304.
 */
class NegotiationTest {

  private static final TestBrisk APP = HttpTestApp.app();

  @Test
  void json_without_accept_and_protobuf_when_asked() throws Exception {
    HttpResponse<Buffer> json = APP.get("/numbers/42");
    assertThat(json.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json.bodyAsJsonObject().getLong("value")).isEqualTo(42L);

    HttpResponse<Buffer> proto = APP.get("/numbers/42", "Accept", "application/x-protobuf");
    assertThat(proto.statusCode()).isEqualTo(200);
    assertThat(proto.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Int64Value.parseFrom(proto.body().getBytes()).getValue()).isEqualTo(42L);
  }

  @Test
  void a_proto_parameter_naming_the_message_is_honoured_and_another_is_406() throws Exception {
    HttpResponse<Buffer> named = APP.get("/numbers/42", "Accept",
        "application/x-protobuf; proto=google.protobuf.Int64Value");
    assertThat(named.statusCode()).isEqualTo(200);
    assertThat(named.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Int64Value.parseFrom(named.body().getBytes()).getValue()).isEqualTo(42L);

    HttpResponse<Buffer> other = APP.get("/numbers/42", "Accept",
        "application/x-protobuf; proto=google.protobuf.StringValue");
    assertThat(other.statusCode()).isEqualTo(406);
    assertThat(other.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(other.bodyAsJsonObject().getString("detail"))
        .contains("application/x-protobuf; proto=google.protobuf.Int64Value");
    assertThat(APP.get("/numbers/42", "Accept", "application/x-protobuf; "
        + "proto=google.protobuf.StringValue, application/json;q=0.1").getHeader("Content-Type"))
        .isEqualTo("application/json");
    // A write checks it before it runs.
    assertThat(await(APP.send(HttpMethod.POST, "/counted", null, "Accept",
        "application/x-protobuf; proto=google.protobuf.StringValue")).statusCode())
        .isEqualTo(406);
    assertThat(await(APP.send(HttpMethod.POST, "/counted", null, "Accept",
        "application/x-protobuf; proto=google.protobuf.Int64Value")).getHeader("Content-Type"))
        .isEqualTo("application/x-protobuf");
  }

  @Test
  void higher_q_value_wins_and_ties_keep_the_servers_order() {
    assertThat(APP.get("/numbers/1", "Accept", "application/x-protobuf;q=0.5, application/json")
        .getHeader("Content-Type")).isEqualTo("application/json");
    // The most specific range sets each type's q: json 0.2, protobuf 0.9 through application/*.
    assertThat(APP.get("/numbers/1", "Accept", "application/json;q=0.2, application/*;q=0.9")
        .getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(APP.get("/numbers/1", "Accept", "application/json;q=0.2, "
        + "application/x-protobuf;q=0.3").getHeader("Content-Type"))
        .isEqualTo("application/x-protobuf");
    assertThat(APP.get("/numbers/1", "Accept", "*/*").getHeader("Content-Type"))
        .isEqualTo("application/json");
  }

  @Test
  void accept_and_accept_encoding_sent_on_several_lines_are_one_list() {
    // RFC 9110 section 5.3: only the first line was read, so this was a 406 and identity.
    HttpResponse<Buffer> r = APP.get("/padded/2000", "Accept", "text/html",
        "Accept", "application/json", "Accept-Encoding", "identity;q=0.5",
        "Accept-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(APP.get("/numbers/1", "Accept", "application/json;q=0.1",
        "Accept", "application/x-protobuf").getHeader("Content-Type"))
        .isEqualTo("application/x-protobuf");
    // A write's check before it runs reads every line too.
    assertThat(await(APP.send(HttpMethod.POST, "/counted", null, "Accept", "text/html",
        "Accept", "application/x-protobuf")).statusCode()).isEqualTo(200);
  }

  @Test
  void a_reply_naming_its_own_content_coding_is_sent_as_it_is() throws Exception {
    HttpResponse<Buffer> r = APP.get("/precoded", "Accept-Encoding", "gzip");
    assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.getHeader("Vary")).contains("Accept-Encoding");
    assertThat(r.getHeader("ETag")).isEqualTo(ETags.of(HttpTestApp.PRECODED));
    assertThat(r.body().length()).isGreaterThan(Compression.MIN_BYTES);
    // Decoded once it is the body: it was compressed a second time, under one Content-Encoding.
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body().getBytes()))) {
      assertThat(Buffer.buffer(in.readAllBytes())).isEqualTo(HttpTestApp.PRECODED);
    }
    HttpResponse<Buffer> head = await(APP.send(HttpMethod.HEAD, "/precoded", null,
        "Accept-Encoding", "gzip"));
    assertThat(head.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(head.getHeader("Content-Length")).isNull();
  }

  @Test
  void json_only_reply_refuses_protobuf_with_406() {
    HttpResponse<Buffer> r = APP.get("/items/1", "Accept", "application/x-protobuf");
    ProblemsTest.assertProblem(r, 406, "not-acceptable");
  }

  /**
   * The 406 quotes a bounded part of Accept: it repeated the whole header, which in a batch
   * sub-request is bounded only by the batch's 1 MiB body, into the detail.
   */
  @Test
  void a_406_quotes_a_bounded_part_of_accept() {
    HttpResponse<Buffer> r = APP.get("/items/1", "Accept", "text/" + "x".repeat(5000));
    ProblemsTest.assertProblem(r, 406, "not-acceptable");
    assertThat(r.bodyAsJsonObject().getString("detail")).startsWith("Cannot produce text/xxx")
        .contains("available: application/json").hasSizeLessThan(300);
  }

  @Test
  void write_refused_406_never_ran() {
    String note = UUID.randomUUID().toString();
    for (String accept : new String[] {"text/html", "application/x-protobuf"}) {
      HttpResponse<Buffer> r = await(APP.send(HttpMethod.POST, "/notes",
          new JsonObject().put("note", note).toBuffer(), "Content-Type", "application/json",
          "Accept", accept));
      ProblemsTest.assertProblem(r, 406, "not-acceptable");
    }
    assertThat(HttpTestApp.RUNS).doesNotContainKey(note);
    assertThat(await(APP.running().context().db().query(
        "SELECT count(*) FROM kit_notes WHERE note = $1", Tuple.of(note)))
        .iterator().next().getLong(0)).isZero();
  }

  @Test
  void write_checks_accept_against_its_declared_types_before_it_runs() throws Exception {
    int before = HttpTestApp.COUNTED.get();
    HttpResponse<Buffer> refused = await(APP.send(HttpMethod.POST, "/counted", null,
        "Accept", "text/html"));
    ProblemsTest.assertProblem(refused, 406, "not-acceptable");
    assertThat(HttpTestApp.COUNTED.get()).isEqualTo(before);

    HttpResponse<Buffer> proto = await(APP.send(HttpMethod.POST, "/counted", null,
        "Accept", "application/x-protobuf"));
    assertThat(proto.statusCode()).isEqualTo(200);
    assertThat(proto.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(Int64Value.parseFrom(proto.body().getBytes()).getValue()).isEqualTo(before + 1);
  }

  @Test
  void get_has_strong_etag_cache_control_and_vary() {
    HttpResponse<Buffer> r = APP.get("/items/2");
    assertThat(r.getHeader("ETag")).matches("\"[A-Za-z0-9_-]{24}\"");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.getHeader("Vary")).contains("Accept");
    assertThat(APP.get("/items/2").getHeader("ETag")).isEqualTo(r.getHeader("ETag"));
    assertThat(APP.get("/items/3").getHeader("ETag")).isNotEqualTo(r.getHeader("ETag"));
  }

  @Test
  void matching_if_none_match_is_304_without_body() {
    String etag = APP.get("/items/2").getHeader("ETag");
    for (String header : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      HttpResponse<Buffer> r = APP.get("/items/2", "If-None-Match", header);
      assertThat(r.statusCode()).as(header).isEqualTo(304);
      assertThat(r.body()).isNull();
      assertThat(r.getHeader("ETag")).isEqualTo(etag);
    }
    assertThat(APP.get("/items/2", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void each_representation_has_its_own_etag() {
    String json = APP.get("/numbers/9").getHeader("ETag");
    String proto = APP.get("/numbers/9", "Accept", "application/x-protobuf").getHeader("ETag");
    assertThat(proto).isNotEqualTo(json);
    assertThat(APP.get("/numbers/9", "Accept", "application/x-protobuf", "If-None-Match", json)
        .statusCode()).isEqualTo(200);
  }
}
