package dev.brisk.http;

import static dev.brisk.http.ProblemsTest.assertProblem;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key}: a repeat returns the recorded response and runs nothing, concurrent
 * repeats run the work once, 4xx are recorded and 5xx are not, a reused key with another body is
 * 422.
 */
class IdempotencyTest {

  private static final TestBrisk APP = HttpTestApp.app();

  private static Future<HttpResponse<Buffer>> post(String key, JsonObject body) {
    return APP.send(HttpMethod.POST, "/notes", body.toBuffer(), "Content-Type",
        "application/json", Idempotency.HEADER, key);
  }

  private static int runs(String note) {
    AtomicInteger runs = HttpTestApp.RUNS.get(note);
    return runs == null ? 0 : runs.get();
  }

  private static long rows(String note) {
    return await(APP.running().context().db().query(
        "SELECT count(*) FROM kit_notes WHERE note = $1", Tuple.of(note)))
        .iterator().next().getLong(0);
  }

  @Test
  void repeat_returns_the_recorded_response_and_runs_nothing() {
    String note = UUID.randomUUID().toString();
    String key = "key-" + note;
    HttpResponse<Buffer> first = await(post(key, new JsonObject().put("note", note)));
    HttpResponse<Buffer> again = await(post(key, new JsonObject().put("note", note)));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.getHeader("Location")).isEqualTo(first.getHeader("Location"));
    assertThat(again.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(runs(note)).isEqualTo(1);
    assertThat(rows(note)).isEqualTo(1);
  }

  @Test
  void concurrent_repeats_run_the_work_once_and_all_get_its_response() {
    String note = UUID.randomUUID().toString();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(post("together-" + note, new JsonObject().put("note", note)));
    }
    List<HttpResponse<Buffer>> responses = await(Future.all(sent)).list();

    assertThat(runs(note)).isEqualTo(1);
    assertThat(rows(note)).isEqualTo(1);
    assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
    assertThat(responses).extracting(HttpResponse::bodyAsJsonObject)
        .containsOnly(responses.get(0).bodyAsJsonObject());
    assertThat(responses).filteredOn(r -> r.getHeader("Idempotent-Replayed") == null)
        .hasSize(1);
  }

  @Test
  void without_a_key_every_request_runs() {
    String note = UUID.randomUUID().toString();
    for (int i = 0; i < 2; i++) {
      assertThat(await(APP.send(HttpMethod.POST, "/notes", new JsonObject().put("note", note)
          .toBuffer(), "Content-Type", "application/json")).statusCode()).isEqualTo(201);
    }
    assertThat(runs(note)).isEqualTo(2);
    assertThat(rows(note)).isEqualTo(2);
  }

  @Test
  void client_error_is_recorded_and_replayed_and_its_work_rolled_back() {
    String note = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("note", note).put("fail", 409);
    HttpResponse<Buffer> first = await(post("conflict-" + note, body));
    HttpResponse<Buffer> again = await(post("conflict-" + note, body));

    assertProblem(first, 409, "conflict");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(first.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(again.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(runs(note)).isEqualTo(1);
    assertThat(rows(note)).isZero();
  }

  @Test
  void server_error_is_not_recorded_so_a_retry_runs_again() {
    String note = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("note", note).put("fail", 500);
    assertProblem(await(post("broken-" + note, body)), 500, "internal");
    assertProblem(await(post("broken-" + note, body)), 500, "internal");
    assertThat(runs(note)).isEqualTo(2);
  }

  @Test
  void the_same_json_spelled_differently_is_the_same_request() {
    String note = UUID.randomUUID().toString();
    String key = "spelled-" + note;
    String compact = "{\"note\":\"" + note + "\",\"tags\":[\"a\",{\"x\":1,\"y\":2}]}";
    // Member order, whitespace and the spelling of numbers (2.0, 1e0) do not matter.
    String reordered = "{ \"tags\" : [ \"a\" , { \"y\": 2.0, \"x\": 1e0 } ],\n  \"note\": \""
        + note + "\" }";
    HttpResponse<Buffer> first = await(APP.send(HttpMethod.POST, "/notes",
        Buffer.buffer(compact), "Content-Type", "application/json", Idempotency.HEADER, key));
    HttpResponse<Buffer> again = await(APP.send(HttpMethod.POST, "/notes",
        Buffer.buffer(reordered), "Content-Type", "application/json; charset=utf-8",
        Idempotency.HEADER, key));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(runs(note)).isEqualTo(1);
  }

  @Test
  void same_key_with_another_body_is_422() {
    String note = UUID.randomUUID().toString();
    assertThat(await(post("reused-" + note, new JsonObject().put("note", note))).statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> other = await(post("reused-" + note, new JsonObject()
        .put("note", note + "-other")));
    assertProblem(other, 422, "validation");
    assertThat(other.bodyAsString()).contains(Idempotency.HEADER);
    assertThat(other.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0)
        .getString("pointer")).as("the whole body").isEmpty();
    assertThat(runs(note + "-other")).isZero();
  }

  @Test
  void malformed_key_is_400() {
    assertProblem(await(post("has spaces", new JsonObject().put("note", "x"))), 400,
        "bad-request");
  }

  /**
   * Moves a key's record {@code hours} into the past: the record's age is the only clock the
   * expiry reads (PostgreSQL's {@code now()} against {@code created_at}), so no test sleeps.
   */
  private static void age(String key, int hours) {
    await(APP.running().context().db().query("UPDATE kit_idempotency_keys SET created_at = "
        + "created_at - make_interval(hours => $2) WHERE key LIKE '%' || $1", Tuple.of(key,
            hours)));
  }

  private static boolean recorded(String key) {
    return await(APP.running().context().db().query(
        "SELECT 1 FROM kit_idempotency_keys WHERE key LIKE '%' || $1", Tuple.of(key))).size() > 0;
  }

  @Test
  void purge_deletes_records_past_24_hours_and_keeps_younger_ones() {
    String note = UUID.randomUUID().toString();
    String old = "old-" + note;
    String young = "young-" + note;
    assertThat(await(post(old, new JsonObject().put("note", note))).statusCode()).isEqualTo(201);
    assertThat(await(post(young, new JsonObject().put("note", note + "-y"))).statusCode())
        .isEqualTo(201);
    age(old, 25);
    age(young, 23);

    Idempotency idempotency = Idempotency.create(APP.vertx(), APP.running().context().db(),
        "kit_idempotency_keys");
    assertThat(await(idempotency.purge())).isGreaterThanOrEqualTo(1);

    assertThat(recorded(old)).isFalse();
    assertThat(recorded(young)).isTrue();
  }

  @Test
  void expired_key_is_taken_over_and_runs_again_then_replays() {
    String note = UUID.randomUUID().toString();
    String key = "expiring-" + note;
    JsonObject body = new JsonObject().put("note", note);
    assertThat(await(post(key, body)).statusCode()).isEqualTo(201);
    assertThat(await(post(key, body)).getHeader("Idempotent-Replayed")).isEqualTo("true");
    age(key, 25);

    HttpResponse<Buffer> takeover = await(post(key, body));
    assertThat(takeover.statusCode()).isEqualTo(201);
    assertThat(takeover.getHeader("Idempotent-Replayed")).isNull();
    assertThat(runs(note)).isEqualTo(2);
    assertThat(rows(note)).isEqualTo(2);

    HttpResponse<Buffer> again = await(post(key, body));
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(takeover.bodyAsJsonObject());
    assertThat(runs(note)).isEqualTo(2);
  }

  @Test
  void a_record_just_under_24_hours_still_replays() {
    String note = UUID.randomUUID().toString();
    String key = "young-" + note;
    JsonObject body = new JsonObject().put("note", note);
    assertThat(await(post(key, body)).statusCode()).isEqualTo(201);
    age(key, 23);
    assertThat(await(post(key, body)).getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(runs(note)).isEqualTo(1);
  }
}
