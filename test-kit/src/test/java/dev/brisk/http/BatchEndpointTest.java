package dev.brisk.http;

import static dev.brisk.http.ProblemsTest.assertProblem;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/batch}: sub-requests run through the same router, responses come back in
 * request order, a failed dependency answers 424 in place, one failure never fails the others,
 * the batch's size, shape and text are checked, {@code Server-Timing} counts every sub-request
 * and bodies that are not JSON survive intact.
 */
class BatchEndpointTest {

  private static final TestBrisk APP = HttpTestApp.app();

  private static JsonObject sub(String id, String method, String path) {
    return new JsonObject().put("id", id).put("method", method).put("path", path);
  }

  private static HttpResponse<Buffer> batch(JsonArray requests, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return await(APP.send(HttpMethod.POST, "/api/batch",
        new JsonObject().put("requests", requests).toBuffer(), all));
  }

  private static List<JsonObject> responses(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(JsonObject.class::cast).toList();
  }

  @Test
  void answers_each_sub_request_in_request_order() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("a", "GET", "/items/1"))
        .add(sub("b", "POST", "/items").put("body", new JsonObject().put("name", "n")))
        .add(sub("c", "GET", "/nothing"))
        .add(sub("d", "DELETE", "/items/4"))));

    assertThat(out).extracting(o -> o.getString("id")).containsExactly("a", "b", "c", "d");
    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(200, 201, 404, 204);
    assertThat(out.get(0).getJsonObject("body").getString("name")).isEqualTo("item-1");
    assertThat(out.get(0).getJsonObject("headers").getString("ETag")).isNotBlank();
    assertThat(out.get(1).getJsonObject("headers").getString("Location")).isEqualTo("/items/7");
    assertThat(out.get(2).getJsonObject("body").getString("type")).endsWith("/not-found");
    assertThat(out.get(3).getValue("body")).isNull();
  }

  @Test
  void sub_response_header_names_are_spelled_one_way() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("found", "GET", "/items/1"))
        .add(sub("missing", "GET", "/nothing"))));

    for (JsonObject o : out) {
      JsonObject headers = o.getJsonObject("headers");
      assertThat(headers.fieldNames()).as(o.getString("id"))
          .contains("Content-Type", "Cache-Control")
          .allSatisfy(n -> assertThat(n).isNotEqualTo(n.toLowerCase(Locale.ROOT)));
    }
    assertThat(out.get(0).getJsonObject("headers").fieldNames()).contains("ETag", "Vary");
    assertThat(BatchEndpoint.headerName("etag")).isEqualTo("ETag");
    assertThat(BatchEndpoint.headerName("x-request-id")).isEqualTo("X-Request-Id");
    assertThat(BatchEndpoint.headerName("X-custom")).isEqualTo("X-custom");
  }

  @Test
  void dependencies_run_first_but_answers_keep_request_order() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("late", "GET", "/items/2").put("depends_on", new JsonArray().add("early")))
        .add(sub("early", "GET", "/items/1"))));

    assertThat(out).extracting(o -> o.getString("id")).containsExactly("late", "early");
    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(200, 200);
  }

  @Test
  void failed_dependency_answers_424_in_place_and_others_still_run() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("missing", "GET", "/items/404"))
        .add(sub("after", "GET", "/items/1").put("depends_on", new JsonArray().add("missing")))
        .add(sub("boom", "GET", "/boom"))
        .add(sub("fine", "GET", "/items/3"))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(404, 424, 500, 200);
    JsonObject failed = out.get(1).getJsonObject("body");
    assertThat(failed.getString("type")).endsWith("/failed-dependency");
    assertThat(failed.getString("detail")).contains("missing").contains("404");
    assertThat(out.get(2).getJsonObject("body").encode()).doesNotContain("secret");
  }

  @Test
  void invalid_entry_is_400_in_place() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("bad", "TRACE", "/items/1"))
        .add(sub("unknown-dep", "GET", "/items/1").put("depends_on", new JsonArray().add("x")))
        .add(sub("ok", "GET", "/items/1"))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(400, 400, 200);
    assertThat(out.get(0).getJsonObject("body").getString("detail")).contains("method");
    assertThat(out.get(1).getJsonObject("body").getString("detail")).contains("unknown id 'x'");
  }

  @Test
  void more_sub_requests_than_allowed_is_413() {
    JsonArray requests = new JsonArray();
    for (int i = 0; i <= HttpTestApp.MAX_BATCH; i++) {
      requests.add(sub("r" + i, "GET", "/items/1"));
    }
    assertProblem(batch(requests), 413, "payload-too-large");
  }

  @Test
  void duplicate_ids_and_cycles_fail_the_whole_batch() {
    assertProblem(batch(new JsonArray().add(sub("a", "GET", "/items/1"))
        .add(sub("a", "GET", "/items/2"))), 422, "validation");
    assertProblem(batch(new JsonArray()
        .add(sub("a", "GET", "/items/1").put("depends_on", new JsonArray().add("b")))
        .add(sub("b", "GET", "/items/2").put("depends_on", new JsonArray().add("a")))),
        422, "validation");
    assertProblem(await(APP.send(HttpMethod.POST, "/api/batch", Buffer.buffer("{}"),
        "Content-Type", "application/json")), 422, "validation");
  }

  @Test
  void nested_batch_is_rejected_in_place() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("inner", "POST", "/api/batch").put("body", new JsonObject()
            .put("requests", new JsonArray().add(sub("x", "GET", "/items/1")))))));

    assertThat(out.get(0).getInteger("status")).isEqualTo(400);
    assertThat(out.get(0).getJsonObject("body").getString("detail")).contains("batch");
  }

  @Test
  void ndjson_streams_one_line_per_sub_response() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(sub("a", "GET", "/items/1"))
        .add(sub("b", "GET", "/nothing")), "Accept", "application/x-ndjson");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(r.getHeader("Vary")).as("Accept chose the format").matches("(.*, )?Accept(, .*)?");
    assertThat(r.bodyAsString().lines().map(l -> new JsonObject(l).getString("id")))
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void ndjson_batch_does_not_pass_its_accept_to_sub_requests() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(sub("a", "GET", "/items/1"))
        .add(sub("b", "GET", "/numbers/5")), "Accept", "application/x-ndjson");

    assertThat(r.bodyAsString().lines().map(l -> new JsonObject(l).getInteger("status")))
        .containsExactly(200, 200);
  }

  @Test
  void raw_routes_answer_400_in_place() {
    List<JsonObject> out = responses(batch(new JsonArray().add(sub("raw", "GET", "/raw"))
        .add(sub("ok", "GET", "/items/1"))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(400, 200);
    assertThat(out.get(0).getJsonObject("body").getString("detail"))
        .contains("not available inside a batch");
  }

  @Test
  void sub_response_over_the_cap_is_413_in_place() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("big", "GET", "/padded/" + (HttpTestApp.MAX_SUB_RESPONSE + 1)))
        .add(sub("small", "GET", "/padded/10"))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(413, 200);
    assertThat(out.get(0).getJsonObject("body").getString("type")).endsWith("/payload-too-large");
    assertThat(out.get(0).getJsonObject("body").getString("detail"))
        .contains(Integer.toString(HttpTestApp.MAX_SUB_RESPONSE));
  }

  @Test
  void sub_responses_past_the_total_are_413_in_place_and_the_body_stays_bounded() {
    int each = HttpTestApp.MAX_SUB_RESPONSE - 100;
    JsonArray requests = new JsonArray();
    for (int i = 0; i < HttpTestApp.MAX_BATCH; i++) {
      requests.add(sub("s" + i, "GET", "/padded/" + each));
    }
    HttpResponse<Buffer> r = batch(requests);
    List<JsonObject> out = responses(r);

    long ok = out.stream().filter(o -> o.getInteger("status") == 200).count();
    assertThat(ok).isEqualTo(HttpTestApp.MAX_BATCH_TOTAL / each);
    assertThat(out).filteredOn(o -> o.getInteger("status") == 413).isNotEmpty()
        .allSatisfy(o -> assertThat(o.getJsonObject("body").getString("detail"))
            .contains("in all"));
    assertThat(r.body().length()).isLessThan(HttpTestApp.MAX_BATCH_TOTAL + 1000);
  }

  @Test
  void batch_within_the_held_bytes_is_answered_in_one_piece_counting_every_sub_request() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(sub("one", "GET", "/queries/1"))
        .add(sub("two", "GET", "/queries/2")).add(sub("three", "GET", "/queries/3")));

    assertThat(r.getHeader("Transfer-Encoding")).isNull();
    assertThat(r.getHeader("Content-Length")).isEqualTo(Integer.toString(r.body().length()));
    assertThat(r.getHeader("Server-Timing")).contains("desc=\"6 queries\"");
    assertThat(responses(r)).extracting(o -> o.getJsonObject("headers")
        .getString("Server-Timing")).allSatisfy(t -> assertThat(t).contains("queries"))
        .map(t -> t.replaceAll(".*desc=\"(\\d+) queries\".*", "$1"))
        .containsExactly("1", "2", "3");
  }

  @Test
  void batch_past_the_held_bytes_streams_in_request_order_with_a_server_timing_trailer() {
    HttpResponse<Buffer> r = batch(new JsonArray().add(sub("late", "GET", "/after/300"))
        .add(sub("big", "GET", "/padded/" + HttpTestApp.MAX_BATCH_BUFFERED))
        .add(sub("sql", "GET", "/queries/2")));

    assertThat(r.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(r.getHeader("Trailer")).isEqualTo("Server-Timing");
    assertThat(r.trailers().get("Server-Timing")).contains("desc=\"2 queries\"")
        .contains("total;dur=");
    assertThat(responses(r)).extracting(o -> o.getString("id"))
        .containsExactly("late", "big", "sql");
  }

  @Test
  void control_characters_fail_the_batch_with_422_naming_each_field() {
    HttpResponse<Buffer> r = batch(new JsonArray()
        .add(sub("x\u0000y", "GET", "/items/1"))
        .add(sub("b", "GET\t", "/items/1\u0001").put("depends_on", new JsonArray().add("\u0007")))
        .add(sub("c", "GET", "/items/1").put("headers", new JsonObject()
            .put("X-Note", "one\ntwo").put("X\rBad", "v").put("a/b", "\u001f"))));

    assertProblem(r, 422, "validation");
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactlyInAnyOrder("/requests/0/id", "/requests/1/method", "/requests/1/path",
            "/requests/1/depends_on/0", "/requests/2/headers/X-Note", "/requests/2/headers",
            "/requests/2/headers/a~1b");
    assertThat(r.bodyAsString()).contains("U+0000").doesNotContain("x\\u0000y");
  }

  @Test
  void percent_encoded_control_characters_in_a_path_answer_400_in_place_as_outside() {
    String path = "/items/1?note=%00";
    assertProblem(await(APP.send(HttpMethod.GET, path, null)), 400, "bad-request");
    List<JsonObject> out = responses(batch(new JsonArray().add(sub("nul", "GET", path))
        .add(sub("ok", "GET", "/items/1"))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(400, 200);
    assertThat(out.get(0).getJsonObject("body").getString("detail")).contains("U+0000");
  }

  @Test
  void protobuf_sub_response_is_base64_and_decodes_to_the_bytes_served_outside() {
    HttpResponse<Buffer> outside = await(APP.send(HttpMethod.GET, "/numbers/300", null,
        "Accept", "application/x-protobuf"));
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("pb", "GET", "/numbers/300").put("headers", new JsonObject()
            .put("Accept", "application/x-protobuf")))
        .add(sub("json", "GET", "/numbers/300"))));

    assertThat(outside.statusCode()).isEqualTo(200);
    JsonObject pb = out.get(0);
    assertThat(pb.getString("body_encoding")).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(pb.getString("body")))
        .isEqualTo(outside.body().getBytes());
    assertThat(out.get(1).getJsonObject("body").getInteger("value")).isEqualTo(300);
    assertThat(out.get(1).containsKey("body_encoding")).isFalse();
  }

  @Test
  void base64_request_bodies_arrive_as_the_exact_bytes() {
    Random random = new Random(7);
    JsonArray requests = new JsonArray();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < HttpTestApp.MAX_BATCH - 1; i++) {
      // Small: the whole batch must stay within the app's 1 KiB body limit.
      byte[] bytes = new byte[1 + random.nextInt(100)];
      random.nextBytes(bytes);
      sent.add(bytes);
      requests.add(sub("b" + i, "POST", "/echo").put("body_encoding", "base64")
          .put("body", Base64.getEncoder().encodeToString(bytes))
          .put("headers", new JsonObject().put("Content-Type", "application/x-protobuf")));
    }
    requests.add(sub("untyped", "POST", "/echo").put("body_encoding", "base64")
        .put("body", Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff})));
    List<JsonObject> out = responses(batch(requests));

    for (int i = 0; i < sent.size(); i++) {
      assertThat(out.get(i).getInteger("status")).isEqualTo(200);
      assertThat(out.get(i).getString("body_encoding")).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(out.get(i).getString("body")))
          .isEqualTo(sent.get(i));
    }
    assertThat(out.get(3).getJsonObject("headers").stream()
        .filter(h -> h.getKey().equalsIgnoreCase("Content-Type")).map(h -> h.getValue()))
        .containsExactly("application/octet-stream");
    assertThat(Base64.getDecoder().decode(out.get(3).getString("body")))
        .isEqualTo(new byte[] {0, (byte) 0xff});
  }

  @Test
  void bad_body_encodings_are_400_in_place() {
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("hex", "POST", "/echo").put("body_encoding", "hex").put("body", "00ff"))
        .add(sub("number", "POST", "/echo").put("body_encoding", "base64").put("body", 12))
        .add(sub("broken", "POST", "/echo").put("body_encoding", "base64").put("body", "a*b="))
        .add(sub("ok", "GET", "/items/1"))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(400, 400, 400, 200);
    assertThat(out.get(0).getJsonObject("body").getString("detail"))
        .contains("body_encoding must be \"base64\"");
    assertThat(out.get(1).getJsonObject("body").getString("detail"))
        .contains("body must be a base64 string");
    assertThat(out.get(2).getJsonObject("body").getString("detail")).contains("not base64");
  }

  @Test
  void sub_requests_share_the_outer_deadline() {
    long deadlineMs = APP.running().options().http().deadline().toMillis();
    // The dependent starts after most of the deadline is spent; alone it would fit in one.
    List<JsonObject> out = responses(batch(new JsonArray()
        .add(sub("first", "GET", "/after/" + (deadlineMs - 1000)))
        .add(sub("second", "GET", "/after/2000").put("depends_on", new JsonArray().add("first")))));

    assertThat(out).extracting(o -> o.getInteger("status")).containsExactly(200, 504);
    assertThat(out.get(1).getJsonObject("body").getString("type"))
        .endsWith("/deadline-exceeded");
  }
}
