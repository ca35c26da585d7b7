package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/products/import}: streamed NDJSON written in batches, bad lines reported. */
class ProductImportTest {

  private static final String NDJSON = "application/x-ndjson";

  @AfterAll
  static void cleanUp() {
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'imp-%'");
  }

  private static JsonObject product(String sku) {
    return new JsonObject().put("sku", sku).put("name", "Imported " + sku)
        .put("description", "Imported for a test").put("price_cents", 1234).put("stock", 7)
        .put("category_id", 2);
  }

  private static long count(String skuPattern) {
    return TestShop.sql("SELECT count(*) FROM products WHERE sku LIKE $1", skuPattern)
        .iterator().next().getLong(0);
  }

  @Test
  void valid_lines_are_committed_across_batches() {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 1200; i++) {
      body.append(product("imp-valid-" + i).encode()).append('\n');
    }

    HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON, body.toString());

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(Http.json(r)).isEqualTo(new JsonObject().put("imported", 1200));
    assertThat(r.getHeader("Cache-Control"))
        .as("a write of a caller-dependent route, as an order's")
        .isEqualTo("private, no-store");
    assertThat(count("imp-valid-%")).isEqualTo(1200);
    Row row = TestShop.sql("SELECT name, description, price_cents, stock, category_id "
        + "FROM products WHERE sku = 'imp-valid-600'").iterator().next();
    assertThat(row.getString("name")).isEqualTo("Imported imp-valid-600");
    assertThat(row.getLong("price_cents")).isEqualTo(1234L);
    assertThat(row.getInteger("stock")).isEqualTo(7);
    assertThat(row.getLong("category_id")).isEqualTo(2L);
  }

  @Test
  void bad_lines_are_reported_by_line_number_and_valid_lines_still_commit() {
    List<String> lines = new ArrayList<>();
    lines.add(product("imp-mixed-1").encode());                               // 1 ok
    lines.add("{not json");                                                   // 2
    lines.add(product("imp-mixed-3").put("name", "  ").encode());             // 3
    lines.add(product("imp-mixed-4").put("price_cents", -5).encode());        // 4
    lines.add(product("imp-mixed-5").put("category_id", 999_999).encode());   // 5
    lines.add(product("imp-mixed-1").encode());                               // 6 dup in body
    lines.add(product("SKU-00000001").encode());                              // 7 dup in table
    lines.add(product("imp-mixed-8").put("colour", "red").encode());          // 8
    lines.add("");                                                            // 9 blank: skipped
    lines.add(product("imp-mixed-10").put("stock", 1.5).encode());            // 10
    lines.add(product("imp-mixed-11").put("id", 5).encode());                 // 11 ok, id ignored

    HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON,
        String.join("\n", lines) + "\n");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = Http.json(r);
    assertThat(problem.getLong("imported")).isEqualTo(2L);
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(pointers(errors)).containsExactly("/lines/2", "/lines/3", "/lines/4", "/lines/5",
        "/lines/6", "/lines/7", "/lines/8", "/lines/10");
    assertThat(detail(errors, 3)).contains("name");
    assertThat(detail(errors, 4)).contains("price_cents");
    assertThat(detail(errors, 5)).contains("category_id 999999 does not exist");
    assertThat(detail(errors, 6)).contains("duplicate sku").contains("line 1");
    assertThat(detail(errors, 7)).contains("already exists");
    assertThat(detail(errors, 8)).contains("colour");
    assertThat(count("imp-mixed-%")).isEqualTo(2);
    assertThat(TestShop.sql("SELECT price_cents FROM products WHERE sku = 'SKU-00000001'")
        .iterator().next().getLong(0)).isNotEqualTo(1234L);
  }

  @Test
  void names_count_characters_as_patch_does_and_half_surrogate_pairs_are_rejected() {
    String emoji200 = "\uD83D\uDE00".repeat(200);
    List<String> lines = List.of(
        product("imp-text-1").put("name", emoji200).encode(),                 // 1 ok: 200 chars
        product("imp-text-2").put("name", emoji200 + "x").encode(),           // 2 201 chars
        // 3: a JSON escape of half a surrogate pair, which would be stored as '?'
        product("imp-text-3").encode().replace("Imported imp-text-3", "a\\ud800b"),
        product("imp-text-4").encode().replace("Imported for a test", "\\udc00"));

    JsonObject problem = refusedProblem(lines);
    // One product: not "1 products were imported".
    assertThat(problem.getString("detail"))
        .isEqualTo("3 of 4 lines were rejected; 1 product was imported");
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(pointers(errors)).containsExactly("/lines/2", "/lines/3", "/lines/4");
    assertThat(detail(errors, 2)).contains("name must have 1 to 200 characters, had 201");
    assertThat(detail(errors, 3)).contains("unpaired surrogate U+D800");
    assertThat(detail(errors, 4)).contains("description").contains("U+DC00");
    assertThat(TestShop.sql("SELECT name FROM products WHERE sku = 'imp-text-1'").iterator()
        .next().getString(0)).isEqualTo(emoji200);
    assertThat(count("imp-text-%")).isEqualTo(1);
  }

  @Test
  void numbers_are_read_as_patch_reads_them() {
    List<String> lines = List.of(
        product("imp-num-1").put("stock", 5.0).put("price_cents", 1e3).encode(),   // 1 ok
        product("imp-num-2").put("stock", 1_000_000_001).encode(), // 2 > PATCH's
        product("imp-num-3").put("stock", 2.5).encode(),                            // 3 fraction
        product("imp-num-4").put("price_cents", 9007199254740993.0).encode());      // 4 past 2^53

    JsonArray errors = refused(lines);
    assertThat(pointers(errors)).containsExactly("/lines/2", "/lines/3", "/lines/4");
    assertThat(detail(errors, 2))
        .contains("stock must be between 0 and 1000000000, was 1000000001");
    assertThat(TestShop.sql("SELECT stock, price_cents FROM products WHERE sku = 'imp-num-1'")
        .iterator().next().toJson().encode()).isEqualTo("{\"stock\":5,\"price_cents\":1000}");
  }

  @Test
  void a_missing_or_null_field_is_said_to_be_required() {
    JsonObject noDescription = product("imp-req-1");
    noDescription.remove("description");
    List<String> lines = List.of(noDescription.encode(),
        product("imp-req-2").putNull("stock").encode(),
        product("imp-req-3").put("description", 5).encode());

    JsonArray errors = refused(lines);
    assertThat(pointers(errors)).containsExactly("/lines/1", "/lines/2", "/lines/3");
    assertThat(detail(errors, 1)).contains("description is required");
    assertThat(detail(errors, 2)).contains("stock is required");
    // Present but not text: the type, as PATCH words it.
    assertThat(detail(errors, 3)).contains("description must be a string, was 5");
  }

  @Test
  void a_line_that_is_not_utf8_is_rejected_not_stored_with_replacement_characters() {
    Buffer body = Buffer.buffer()
        .appendString(product("imp-utf8-1").put("name", "caf\u00e9").encode() + "\n")
        // 2: the same name in Latin-1 (0xE9 alone is no UTF-8 sequence)
        .appendString("{\"sku\": \"imp-utf8-2\", \"name\": \"caf")
        .appendByte((byte) 0xE9)
        .appendString("\", \"description\": \"\", \"price_cents\": 1, \"stock\": 1, "
            + "\"category_id\": 2}\n")
        // 3: a truncated multi-byte sequence at the end of the line
        .appendString(product("imp-utf8-3").encode()).appendByte((byte) 0xC3).appendString("\n")
        .appendString(product("imp-utf8-4").encode() + "\n");

    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        body, "Content-Type", NDJSON));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    JsonObject problem = Http.json(r);
    assertThat(problem.getLong("imported")).isEqualTo(2L);
    assertThat(pointers(problem.getJsonArray("errors"))).containsExactly("/lines/2", "/lines/3");
    assertThat(detail(problem.getJsonArray("errors"), 2)).contains("not valid UTF-8")
        .contains("byte 35");
    assertThat(count("imp-utf8-%")).isEqualTo(2);
    assertThat(TestShop.sql("SELECT name FROM products WHERE sku = 'imp-utf8-1'").iterator()
        .next().getString(0)).isEqualTo("caf\u00e9");
  }

  /** The errors of an import of {@code lines} that must answer 422. */
  private static JsonArray refused(List<String> lines) {
    return refusedProblem(lines).getJsonArray("errors");
  }

  /** The 422 problem of an import of {@code lines}. */
  private static JsonObject refusedProblem(List<String> lines) {
    HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON,
        String.join("\n", lines) + "\n");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    return Http.json(r);
  }

  private static String detail(JsonArray errors, int line) {
    for (Object e : errors) {
      JsonObject error = (JsonObject) e;
      if (error.getString("pointer").equals("/lines/" + line)) {
        return error.getString("detail");
      }
    }
    throw new AssertionError("no error for line " + line);
  }

  @Test
  void a_batch_whose_write_fails_answers_what_the_batches_before_it_imported() {
    // Another transaction locks category 3, which the second batch's lines name: that batch
    // waits for the lock, and its connection is then ended under it.
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Void> holder = TestShop.db().inTransaction(tx -> tx.query(
            "SELECT id FROM categories WHERE id = 3 FOR UPDATE")
        .compose(x -> {
          locked.complete();
          return release.future();
        }));
    TestBrisk.await(locked.future());
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 500; i++) {
      body.append(product("imp-fail-" + i).encode()).append('\n');
    }
    body.append("{not json\n");
    for (int i = 502; i <= 700; i++) {
      body.append(product("imp-fail-" + i).put("category_id", 3).encode()).append('\n');
    }
    Future<HttpResponse<Buffer>> sent = Http.send(HttpMethod.POST, "/api/products/import",
        Buffer.buffer(body.toString()), "Content-Type", NDJSON);
    String waiting = "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        + "AND query LIKE 'SELECT id FROM categories WHERE id = ANY%'";
    TestBrisk.eventually("the second batch waits for the lock",
        () -> TestShop.sql(waiting).size() == 1);
    TestShop.sql("SELECT pg_terminate_backend(pid) FROM (" + waiting + ") w");
    release.complete();
    TestBrisk.await(holder);

    HttpResponse<Buffer> r = TestBrisk.await(sent);

    // Before, a bare 503: nothing said the first 500 lines had been imported.
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
    JsonObject problem = Http.json(r);
    assertThat(problem.getLong("imported")).isEqualTo(500L).isEqualTo(count("imp-fail-%"));
    assertThat(problem.getLong("next_line")).isEqualTo(502L);
    assertThat(problem.getLong("rejected")).isEqualTo(1L);
    assertThat(pointers(problem.getJsonArray("errors"))).containsExactly("/lines/501");
  }

  @Test
  void a_byte_order_mark_is_ignored_even_on_a_line_of_its_own() {
    // An editor's BOM before the first line, or alone on it: a line of nothing is blank.
    for (String bom : List.of("\uFEFF" + product("imp-bom-1").encode() + "\n",
        "\uFEFF\n" + product("imp-bom-2").encode() + "\n")) {
      HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON, bom);

      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(Http.json(r).getLong("imported")).isEqualTo(1L);
    }
    assertThat(TestShop.sql("SELECT count(*) FROM products WHERE sku IN ('imp-bom-1', "
        + "'imp-bom-2')").iterator().next().getLong(0)).isEqualTo(2);
  }

  @Test
  void body_larger_than_the_buffered_limit_is_streamed_not_rejected() {
    StringBuilder body = new StringBuilder();
    String description = "x".repeat(1500);
    int n = 0;
    while (body.length() < 3 * 1024 * 1024) {
      n++;
      body.append(product("imp-big-" + n).put("description", description).encode()).append('\n');
    }

    HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON, body.toString());

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(Http.json(r).getLong("imported")).isEqualTo((long) n);
    assertThat(count("imp-big-%")).isEqualTo(n);
  }

  @Test
  void wrong_content_type_is_415() {
    HttpResponse<Buffer> r = Http.post("/api/products/import", "application/json",
        product("imp-ct-1").encode());

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.getHeader("Accept-Post")).isEqualTo(NDJSON);
    // Without Content-Type, or NDJSON in another charset: the handler's 415 says the same. Each
    // takes the caller's one import slot first and gives it back as its answer ends, in time for
    // the next request.
    for (String contentType : new String[] {null, NDJSON + "; charset=ISO-8859-1"}) {
      HttpResponse<Buffer> refused = Http.post("/api/products/import", contentType,
          product("imp-ct-2").encode());
      assertThat(refused.statusCode()).as(contentType).isEqualTo(415);
      assertThat(refused.getHeader("Accept-Post")).as(contentType).isEqualTo(NDJSON);
    }
    assertThat(count("imp-ct-%")).isZero();
  }

  /**
   * The media type is checked from the head, before the import takes the caller's one slot: a
   * second request with the wrong type while an import runs is a 415 saying what to send (it was
   * a 429, as if sending the right type later would help), one with the right type a 429.
   */
  @Test
  void a_wrong_content_type_is_415_even_while_the_callers_import_runs() throws Exception {
    try (Socket running = new Socket("127.0.0.1", TestShop.app().port())) {
      running.getOutputStream().write(("POST /api/products/import HTTP/1.1\r\nHost: x\r\n"
          + "X-API-Key: demo-internal\r\nContent-Type: " + NDJSON + "\r\n"
          + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      running.getOutputStream().flush();
      TestBrisk.eventually("the first import holds its slot", () -> TestShop.app().context()
          .registry().get("brisk.stream.open").tag("limiter", "imports").gauge().value() == 1);

      HttpResponse<Buffer> csv = Http.post("/api/products/import", "text/csv", "sku,name\n");
      HttpResponse<Buffer> ndjson = Http.post("/api/products/import", NDJSON,
          product("imp-busy-1").encode() + "\n");

      assertThat(csv.statusCode()).as(csv.bodyAsString()).isEqualTo(415);
      assertThat(csv.getHeader("Accept-Post")).isEqualTo(NDJSON);
      assertThat(Http.json(csv).getString("detail")).contains("text/csv", NDJSON);
      assertThat(ndjson.statusCode()).as(ndjson.bodyAsString()).isEqualTo(429);
      assertThat(Http.json(ndjson).getString("detail"))
          .isEqualTo("Too many imports open at once for this caller (at most 1); retry when "
              + "one ends");
    }
    assertThat(count("imp-busy-%")).isZero();
  }

  @Test
  void an_answer_the_client_does_not_accept_is_406_before_any_line_is_written() {
    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        Buffer.buffer(product("imp-acc-1").encode() + "\n"), "Content-Type",
        "application/x-ndjson", "Accept", "text/html"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(406);
    assertThat(count("imp-acc-%")).isZero();
  }

  @Test
  void over_long_line_is_reported_and_the_lines_around_it_still_commit() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      lines.add(i == 4 ? longLine("imp-long-4") : product("imp-long-" + i).encode());
    }

    HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON,
        String.join("\n", lines) + "\n");

    assertOnlyLongLineRejected(r, 6, 4);
    assertThat(count("imp-long-%")).isEqualTo(6);
    assertThat(count("imp-long-4")).isZero();
    assertThat(count("imp-long-7")).isOne();
  }

  @Test
  void over_long_last_line_without_a_newline_is_reported() {
    String body = product("imp-last-1").encode() + "\n" + product("imp-last-2").encode() + "\n"
        + longLine("imp-last-3");

    HttpResponse<Buffer> r = Http.post("/api/products/import", NDJSON, body);

    assertOnlyLongLineRejected(r, 2, 3);
    assertThat(count("imp-last-%")).isEqualTo(2);
  }

  /**
   * The body arrives in arbitrary chunks: whatever the split (one byte to more than a line), the
   * answer and what is written are the same. Crosses a batch, so lines also resume after a pause.
   */
  @Test
  void any_chunking_of_the_body_gives_the_same_result() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 520; i++) {
      lines.add(product("imp-chunk-" + i).encode());
    }
    lines.add(longLine("imp-chunk-521"));                                    // 521 too long
    lines.add("{not json");                                                  // 522
    for (int i = 523; i <= 540; i++) {
      lines.add(product("imp-chunk-" + i).encode());
    }
    byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    long seed = System.nanoTime();
    Random random = new Random(seed);

    for (int maxChunk : new int[] {7, 300, 9000, 70_000, 300_000}) {
      noImportRunning();
      Answer r = TestBrisk.await(postInChunks(body, random, maxChunk));

      String run = "seed " + seed + ", chunks up to " + maxChunk + " bytes";
      assertThat(r.status()).as(run).isEqualTo(422);
      JsonObject problem = r.body();
      assertThat(problem.getLong("imported")).as(run).isEqualTo(538L);
      assertThat(pointers(problem.getJsonArray("errors"))).as(run)
          .containsExactly("/lines/521", "/lines/522");
      assertThat(detail(problem.getJsonArray("errors"), 521)).as(run).contains("65536 bytes");
      assertThat(count("imp-chunk-%")).as(run).isEqualTo(538);
      assertThat(count("imp-chunk-540")).as(run).isOne();
      TestShop.sql("DELETE FROM products WHERE sku LIKE 'imp-chunk-%'");
    }
  }

  /** A valid product line whose 100 KiB description makes it longer than the 64 KiB limit. */
  private static String longLine(String sku) {
    return product(sku).put("description", "y".repeat(100 * 1024)).encode();
  }

  private static void assertOnlyLongLineRejected(HttpResponse<Buffer> r, long imported,
      int longLine) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = Http.json(r);
    assertThat(problem.getLong("imported")).isEqualTo(imported);
    assertThat(pointers(problem.getJsonArray("errors"))).containsExactly("/lines/" + longLine);
    assertThat(detail(problem.getJsonArray("errors"), longLine))
        .contains("longer than 65536 bytes");
  }

  private static List<String> pointers(JsonArray errors) {
    List<String> pointers = new ArrayList<>();
    errors.forEach(e -> pointers.add(((JsonObject) e).getString("pointer")));
    return pointers;
  }

  /** A response's status and JSON body. */
  private record Answer(int status, JsonObject body) {
  }

  /** Posts {@code body} as HTTP chunks of 1 to {@code maxChunk} random bytes. */
  private static Future<Answer> postInChunks(byte[] body, Random random,
      int maxChunk) {
    List<Buffer> chunks = new ArrayList<>();
    for (int at = 0; at < body.length; ) {
      int n = Math.min(body.length - at, 1 + random.nextInt(maxChunk));
      chunks.add(Buffer.buffer().appendBytes(body, at, n));
      at += n;
    }
    HttpClientAgent client = TestShop.kit().vertx().createHttpClient();
    return TestBrisk.onEventLoop(TestShop.kit().vertx(), () -> client.request(HttpMethod.POST,
            TestShop.kit().port(), "localhost", "/api/products/import")
        .compose(request -> {
          request.setChunked(true).putHeader("Content-Type", NDJSON)
              .putHeader("X-API-Key", "demo-internal");
          chunks.forEach(request::write);
          request.end();
          return request.response();
        })
        .compose(response -> response.body()
            .map(b -> new Answer(response.statusCode(), b.toJsonObject())))
        .eventually(client::close));
  }

  @Test
  void gzip_body_is_inflated_and_imported() throws IOException {
    String body = product("imp-gz-1").encode() + "\n" + product("imp-gz-2").encode() + "\n";

    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        gzip(body.getBytes(StandardCharsets.UTF_8)), "Content-Type", NDJSON,
        "Content-Encoding", "gzip"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(count("imp-gz-%")).isEqualTo(2);
  }

  @Test
  void gzip_bomb_is_413_once_it_inflates_past_the_ratio() throws IOException {
    // 20 MB of blank lines compress about 1000:1; the limit is 100:1.
    Buffer bomb = gzip("\n".repeat(20 << 20).getBytes(StandardCharsets.US_ASCII));

    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        bomb, "Content-Type", NDJSON, "Content-Encoding", "gzip"));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Http.json(r).getString("detail")).contains("inflates more than 100 times");
  }

  @Test
  void a_crossed_limit_over_http2_is_answered_on_its_stream_and_the_connection_serves_on()
      throws IOException {
    Buffer bomb = gzip("\n".repeat(20 << 20).getBytes(StandardCharsets.US_ASCII));
    AtomicInteger connections = new AtomicInteger();
    HttpClientAgent h2 = TestShop.kit().vertx().httpClientBuilder().with(new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
        .withConnectHandler(connection -> connections.incrementAndGet()).build();
    try {
      // The answer carried 'connection: close', which HTTP/2 forbids: the client refused it as
      // malformed, and the server then closed the connection under every other stream.
      Answer refused = h2Import(h2, bomb);
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.body().getString("detail")).contains("inflates more than 100 times");
      Answer next = TestBrisk.await(TestBrisk.onEventLoop(TestShop.kit().vertx(),
          () -> h2.request(HttpMethod.GET, TestShop.kit().port(), "localhost", "/health/live")
              .compose(request -> request.send())
              .compose(response -> response.body()
                  .map(b -> new Answer(response.statusCode(), b.toJsonObject())))));
      assertThat(next.status()).isEqualTo(200);
      assertThat(connections.get()).as("both on one connection").isEqualTo(1);
    } finally {
      TestBrisk.await(h2.close());
    }
  }

  /** A gzip import of {@code body} from the internal key over {@code h2}, on an event loop. */
  private static Answer h2Import(HttpClientAgent h2, Buffer body) {
    return TestBrisk.await(TestBrisk.onEventLoop(TestShop.kit().vertx(),
        () -> h2.request(HttpMethod.POST, TestShop.kit().port(), "localhost",
                "/api/products/import")
            .compose(request -> request.putHeader("Content-Type", NDJSON)
                .putHeader("Content-Encoding", "gzip").putHeader("X-API-Key", "demo-internal")
                .send(body))
            .compose(response -> response.body()
                .map(b -> new Answer(response.statusCode(), b.toJsonObject())))));
  }

  @Test
  void over_http2_a_gzip_body_cut_short_at_its_end_is_400_with_what_was_imported()
      throws IOException {
    // Found cut short at its end, when an HTTP/2 request may no longer be paused: was a 500
    // (Vert.x throws when an ended HTTP/2 request is paused), so the 400 never left.
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      lines.append(product("imp-h2-end-" + i).encode()).append('\n');
    }
    byte[] whole = gzip(lines.toString().getBytes(StandardCharsets.UTF_8)).getBytes();
    Buffer shortened = Buffer.buffer(Arrays.copyOf(whole, whole.length - 4));
    HttpClientAgent h2 = TestShop.kit().vertx().httpClientBuilder().with(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)).build();
    try {
      Answer answer = h2Import(h2, shortened);
      assertThat(answer.status()).as(answer.body().encode()).isEqualTo(400);
      assertThat(answer.body().getString("detail")).contains("gzip body is corrupt");
      assertThat(answer.body().getLong("imported")).isEqualTo(3L);
      assertThat(count("imp-h2-end-%")).isEqualTo(3);
    } finally {
      TestBrisk.await(h2.close());
    }
  }

  @Test
  void a_compressed_body_that_is_not_whole_is_400_not_an_empty_import() throws IOException {
    byte[] whole = gzip((product("imp-cut").encode() + "\n").getBytes(StandardCharsets.UTF_8))
        .getBytes();
    byte[] flipped = whole.clone();
    // The CRC-32 in the trailer no longer matches what the stream holds.
    flipped[whole.length - 8] ^= 1;
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    bodies.put("not gzip at all", "notgzip".getBytes(StandardCharsets.US_ASCII));
    bodies.put("a header and nothing more", Arrays.copyOf(whole, 10));
    bodies.put("the trailer cut off", Arrays.copyOf(whole, whole.length - 4));
    bodies.put("the data cut off", Arrays.copyOf(whole, whole.length / 2));
    bodies.put("a wrong CRC-32", flipped);
    bodies.put("data after the trailer", Arrays.copyOf(whole, whole.length + 3));
    long[] imported = new long[1];
    bodies.forEach((what, body) -> {
      HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST,
          "/api/products/import", Buffer.buffer(body), "Content-Type", NDJSON,
          "Content-Encoding", "gzip"));
      assertThat(r.statusCode()).as(what).isEqualTo(400);
      assertThat(Http.json(r).getString("detail")).as(what).contains("gzip body is corrupt");
      // The line read in full before a bad trailer is imported, and the answer says so.
      imported[0] += Http.json(r).getLong("imported");
      TestBrisk.eventually("no import running", () -> TestShop.app().context().registry()
          .get("brisk.stream.open").tag("limiter", "imports").gauge().value() == 0);
    });
    assertThat(count("imp-cut")).isEqualTo(imported[0]).isLessThanOrEqualTo(1);
  }

  @Test
  void a_corrupt_gzip_body_says_what_its_lines_before_imported() throws IOException {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1200; i++) {
      body.append(product("imp-crc-" + i).encode()).append('\n');
    }
    byte[] whole = gzip(body.toString().getBytes(StandardCharsets.UTF_8)).getBytes();
    whole[whole.length - 8] ^= 1;

    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        Buffer.buffer(whole), "Content-Type", NDJSON, "Content-Encoding", "gzip"));

    // The CRC-32 is checked at the end: every line was read, and the answer says so.
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject problem = Http.json(r);
    assertThat(problem.getString("detail")).contains("CRC-32");
    assertThat(problem.getLong("imported")).isEqualTo(count("imp-crc-%")).isEqualTo(1200);
    assertThat(problem.getLong("next_line")).isEqualTo(1201);
  }

  @Test
  void a_body_that_stalls_is_408_with_what_its_lines_before_imported() throws Exception {
    // A stall timeout of 1 s (the streams' --stream-stall-timeout): a client that stops sending
    // does not hold the caller's one import slot until the 10 min limit.
    try (TestBrisk app = TestBrisk.start(ShopApp::new, Map.of("stream-stall-timeout", "1000"));
        Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(10_000);
      String line = product("imp-stall-1").encode() + "\n";
      socket.getOutputStream().write(("POST /api/products/import HTTP/1.1\r\nHost: x\r\n"
          + "X-API-Key: demo-internal\r\nContent-Type: " + NDJSON + "\r\n"
          + "Content-Length: 100000\r\n\r\n" + line + "{\"sku").getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      long start = System.nanoTime();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 408").contains("nothing arrived for 1 s")
          .contains("\"imported\":1").contains("\"next_line\":2");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(count("imp-stall-%")).isEqualTo(1);
  }

  @Test
  void unknown_content_encoding_is_415_naming_the_codings_taken() {
    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        Buffer.buffer("x"), "Content-Type", NDJSON, "Content-Encoding", "br"));

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    // RFC 9110 section 15.5.16: how a client tells a refused coding from a refused type.
    assertThat(r.getHeader("Accept-Encoding")).isEqualTo("gzip, deflate");

    // Two lines are one list: a gzip body behind "identity" is never read as plain lines.
    HttpResponse<Buffer> twoLines = TestBrisk.await(Http.send(HttpMethod.POST,
        "/api/products/import", Buffer.buffer("x"), "Content-Type", NDJSON,
        "Content-Encoding", "identity", "Content-Encoding", "gzip"));
    assertThat(twoLines.statusCode()).as(twoLines.bodyAsString()).isEqualTo(415);
    assertThat(twoLines.bodyAsJsonObject().getString("detail")).contains("'identity, gzip'");
    HttpResponse<Buffer> longCoding = TestBrisk.await(Http.send(HttpMethod.POST,
        "/api/products/import", Buffer.buffer("x"), "Content-Type", NDJSON,
        "Content-Encoding", "x".repeat(4000)));
    assertThat(longCoding.statusCode()).isEqualTo(415);
    assertThat(longCoding.bodyAsJsonObject().getString("detail")).hasSizeLessThan(200);
  }

  @Test
  void x_gzip_is_gzip() throws IOException {
    String body = product("imp-xgz-1").encode() + "\n";

    HttpResponse<Buffer> r = TestBrisk.await(Http.send(HttpMethod.POST, "/api/products/import",
        gzip(body.getBytes(StandardCharsets.UTF_8)), "Content-Type", NDJSON,
        "Content-Encoding", "x-gzip"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(count("imp-xgz-%")).isEqualTo(1);
  }

  /**
   * One import per caller: an import answered with a problem frees its slot when the server has
   * ended its response, which may be just after the client read it.
   */
  @BeforeEach
  void noImportRunning() {
    TestBrisk.eventually("no import running", () -> TestShop.app().context().registry()
        .get("brisk.stream.open").tag("limiter", "imports").gauge().value() == 0);
  }

  private static Buffer gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
