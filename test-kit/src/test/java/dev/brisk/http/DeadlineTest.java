package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.RunningBrisk;
import dev.brisk.auth.Access;
import dev.brisk.batch.BatchFn;
import dev.brisk.batch.DataLoaderScope;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request deadline answers 504 and cancels the SQL in flight, on both DB paths; a body still
 * arriving at the deadline is the client's delay, a 408.
 */
class DeadlineTest {

  private static RunningBrisk app;
  private static WebClient client;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(() -> (routes, ctx) -> BatchEndpoint.create(routes.router(),
        BatchEndpointOptions.defaults()).register(routes
        .get("/slow-tx", Access.open(), rc -> ctx.db()
            .inTransaction(tx -> tx.query("SELECT pg_sleep(300)"))
            .map(rows -> Reply.ok(new JsonObject())))
        .get("/slow", Access.open(), rc -> ctx.db().query("SELECT pg_sleep(300)")
            .map(rows -> Reply.ok(new JsonObject())))
        // A write that committed, then work after it (a cache invalidation) that outlasts the
        // 400 ms deadline: the answer must not be a 504 ("not done"); the handler's own answer
        // is waited for up to one deadline more.
        .post("/wrote-then-slow", Access.open(), rc -> ctx.db()
            .inTransaction(tx -> tx.query("CREATE TEMP TABLE deadline_probe (x int) "
                + "ON COMMIT DROP"))
            .compose(x -> rc.vertx().timer(600))
            .map(x -> Reply.ok(new JsonObject().put("done", true))))
        .post("/statement-then-slow", Access.open(), rc -> ctx.db()
            .query("DO $$ BEGIN END $$")
            .compose(x -> rc.vertx().timer(600))
            .map(x -> Reply.ok(new JsonObject().put("done", true))))
        // A statement PostgreSQL refused (a unique violation, answered 409) changed nothing:
        // the deadline passing during the work after it is a 504 as for any slow request.
        .post("/refused-then-slow", Access.open(), rc -> ctx.db()
            .query("DO $$ BEGIN RAISE unique_violation; END $$")
            .<Object>map(x -> x).recover(e -> Future.succeededFuture())
            .compose(x -> rc.vertx().timer(600))
            .map(x -> Reply.ok(new JsonObject().put("done", true))))
        // As /statement-then-slow, through Db.primary().
        .post("/primary-then-slow", Access.open(), rc -> ctx.db().primary()
            .query("DO $$ BEGIN END $$")
            .compose(x -> rc.vertx().timer(600))
            .map(x -> Reply.ok(new JsonObject().put("done", true))))
        // As /wrote-then-slow, then a read and a lookup through the request's loaders: in a
        // batch too, the write's sub-request must not be cut off by the batch's deadline (the
        // outer request has changed nothing itself), nor its lookups, which the batch shares.
        .post("/wrote-then-read", Access.open(), rc -> ctx.db()
            .inTransaction(tx -> tx.query("CREATE TEMP TABLE deadline_probe (x int) "
                + "ON COMMIT DROP"))
            .compose(x -> rc.vertx().timer(600))
            .compose(x -> ctx.db().inTransaction(tx -> tx.query("SELECT 1")))
            .compose(x -> DataLoaderScope.current().<Integer, Integer>loader("probe",
                BatchFn.aligned(keys -> ctx.db().query("SELECT x * 2 AS y FROM unnest($1::int[]) "
                    + "AS x", Tuple.of(keys.toArray(Integer[]::new))).map(rows -> {
                      List<Integer> doubled = new ArrayList<>();
                      rows.forEach(row -> doubled.add(row.getInteger("y")));
                      return doubled;
                    }))).load(21))
            .map(y -> Reply.ok(new JsonObject().put("done", true).put("looked_up", y))))
        .post("/echo", Access.open(), rc -> Future.succeededFuture(
            Reply.ok(rc.body().asJsonObject())))
        .get("/boom", Access.open(),
            rc -> Future.failedFuture(new IllegalStateException("secret internals")))
        .rawLongRunning(HttpMethod.GET, "/long", Access.open(), rc -> rc.vertx().setTimer(800,
            t -> rc.response().end("done"))), "/api/batch"),
        Map.of("deadline", "400")).running();
    client = WebClient.create(app.context().vertx(), new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
  }

  @AfterAll
  static void stop() {
    await(app.close());
  }

  @Test
  void transaction_past_deadline_is_504_and_its_statement_is_cancelled() {
    HttpResponse<Buffer> r = await(client.get("/slow-tx").send());
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/deadline-exceeded");
    assertNoSleepingBackend();
    assertThat(r.getHeader("Server-Timing")).doesNotContain("desc=\"0 queries\"");
    assertThat(dbMillis(r)).isGreaterThan(300);
    assertThat(documented("get", "/slow-tx")).contains("504");
  }

  @Test
  void a_deadline_after_a_write_changed_data_waits_for_the_answer_instead_of_a_504() {
    for (String path : List.of("/wrote-then-slow", "/statement-then-slow")) {
      HttpResponse<Buffer> r = await(client.post(path).send());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getBoolean("done")).isTrue();
    }
  }

  @Test
  void a_write_through_the_primary_view_waits_for_the_answer_too() {
    HttpResponse<Buffer> r = await(client.post("/primary-then-slow").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @Test
  void a_statement_postgresql_refused_changed_nothing_and_the_deadline_is_504() {
    HttpResponse<Buffer> r = await(client.post("/refused-then-slow").send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(504);
  }

  @Test
  void a_batch_deadline_after_a_sub_request_changed_data_waits_for_its_answer() {
    HttpResponse<Buffer> alone = await(client.post("/wrote-then-read").send());
    assertThat(alone.statusCode()).as(alone.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> r = await(client.post("/api/batch")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(new JsonObject().put("requests", new JsonArray().add(new JsonObject()
            .put("id", "w").put("method", "POST").put("path", "/wrote-then-read"))).toBuffer()));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject sub = r.bodyAsJsonObject().getJsonArray("responses").getJsonObject(0);
    assertThat(sub.getInteger("status")).as(sub.encode()).isEqualTo(200);
    assertThat(sub.getJsonObject("body").getBoolean("done")).isTrue();
    assertThat(sub.getJsonObject("body").getInteger("looked_up")).isEqualTo(42);
  }

  @Test
  void pipelined_query_past_deadline_is_504_and_stopped_by_statement_timeout() {
    HttpResponse<Buffer> r = await(client.get("/slow").send());
    assertThat(r.statusCode()).isEqualTo(504);
    assertNoSleepingBackend();
    // The statement still ran when the 504 was sent: Server-Timing names it and its wait.
    assertThat(r.getHeader("Server-Timing")).contains("desc=\"1 queries\"");
    assertThat(dbMillis(r)).isGreaterThan(300);
  }

  /** The {@code db;dur=} of a response's Server-Timing, in milliseconds. */
  private static double dbMillis(HttpResponse<Buffer> r) {
    String timing = r.getHeader("Server-Timing");
    return Double.parseDouble(timing.substring(timing.indexOf("db;dur=") + 7,
        timing.indexOf(';', timing.indexOf("db;dur=") + 7)));
  }

  @Test
  void a_body_still_arriving_at_the_deadline_is_408_and_the_connection_closes()
      throws IOException {
    // HTTP/1.0 keep-alive too: Vert.x answered it "Connection: keep-alive", then it closed.
    for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
      try (Socket socket = new Socket("127.0.0.1", app.port())) {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /echo " + version + "\r\nHost: x\r\nConnection: keep-alive\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Read until the server closes: the answer, then end of stream.
        String answer = new String(socket.getInputStream().readAllBytes(),
            StandardCharsets.US_ASCII);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        assertThat(answer).as(version).startsWith(version + " 408")
            .contains("application/problem+json").contains("/request-timeout")
            .contains("did not arrive within the 400 ms deadline");
        assertThat(head).as(version).contains("\r\nconnection: close")
            .doesNotContain("keep-alive");
      }
    }
    assertThat(documented("post", "/echo")).contains("408");
  }

  @Test
  void long_running_route_outlives_the_request_deadline() {
    HttpResponse<Buffer> r = await(client.get("/long").send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).isEqualTo("done");
  }

  @Test
  void unexpected_failure_is_500_with_request_id_and_no_internals() {
    HttpResponse<Buffer> r = await(client.get("/boom").putHeader("X-Request-Id", "req-42").send());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.bodyAsString()).contains("req-42").doesNotContain("secret internals")
        .doesNotContain("IllegalStateException");
  }

  /** The statuses the app's generated description lists for {@code method path}. */
  private static Set<String> documented(String method, String path) {
    HttpResponse<Buffer> r = await(client.get("/openapi.json").send());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("paths").getJsonObject(path)
        .getJsonObject(method).getJsonObject("responses").fieldNames();
  }

  private static void assertNoSleepingBackend() {
    eventually("no backend runs pg_sleep", () -> await(app.context().db().query(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' "
            + "AND state = 'active'")).iterator().next().getLong("n") == 0);
  }
}
