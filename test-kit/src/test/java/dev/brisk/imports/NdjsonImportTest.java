package dev.brisk.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NdjsonImport} declared by a small app ({@link NotesApp}) on real PostgreSQL: batches and
 * their hook, line errors, refused lines, limits, compressed bodies and hostile input.
 */
class NdjsonImportTest {

  private static final String NDJSON = NdjsonImport.NDJSON;
  private static final String TABLE = "notes_" + UUID.randomUUID().toString().replace("-", "");
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(NotesApp::new, Map.of("notes-table", TABLE, "rate-limiting", "off",
        "stream-stall-timeout", "1000"));
  }

  @AfterAll
  static void stop() {
    TestBrisk.await(app.running().context().db().query("DROP TABLE " + TABLE));
    app.close();
  }

  @BeforeEach
  void noHookCallsYet() {
    NotesApp.COMMITTED.clear();
  }

  private static String note(String key) {
    return new JsonObject().put("key", key).put("body", "about " + key).encode();
  }

  private static long count(String keyPrefix) {
    return TestBrisk.await(app.running().context().db().query("SELECT count(*) FROM " + TABLE
        + " WHERE key LIKE '" + keyPrefix + "%'")).iterator().next().getLong(0);
  }

  private static HttpResponse<Buffer> post(Buffer body, String... headers) {
    String[] all = Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = "Content-Type";
    all[headers.length + 1] = NDJSON;
    return TestBrisk.await(app.send(HttpMethod.POST, "/api/notes/import", body, all));
  }

  private static HttpResponse<Buffer> post(String body) {
    return post(Buffer.buffer(body));
  }

  @Test
  void writes_batches_in_line_order_and_runs_the_hook_after_each_commit() {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 7; i++) {
      body.append(note("batch-" + i)).append('\n');
    }

    HttpResponse<Buffer> r = post(body.toString());

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("imported", 7));
    assertThat(count("batch-")).isEqualTo(7);
    assertThat(NotesApp.COMMITTED).containsExactly(3L, 3L, 1L);
  }

  @Test
  void invalid_and_refused_lines_are_named_by_number_and_the_rest_is_written() {
    TestBrisk.await(app.running().context().db().query("INSERT INTO " + TABLE
        + " VALUES ('mixed-taken', 'before')"));
    byte[] latin1 = "{\"key\": \"mixed-caf\u00e9\", \"body\": \"\"}".getBytes(
        StandardCharsets.ISO_8859_1);
    Buffer body = Buffer.buffer()
        .appendString(note("mixed-1") + "\n")                      // 1 valid
        .appendString("{not json\n")                               // 2
        .appendString("[1, 2]\r\n")                                // 3
        .appendString("{\"key\": \"mixed-x\"}\n")                  // 4 body missing
        .appendString("   \n")                                     // 5 blank
        .appendString("\uFEFF\n")                                  // 6 a BOM alone: blank
        .appendString("\uFEFF" + note("mixed-2") + "\r\n")         // 7 valid after its BOM
        .appendString(note("mixed-taken") + "\n")                  // 8 refused by the writer
        .appendBytes(latin1).appendString("\n")                    // 9 not UTF-8
        .appendString("{\"key\": \"" + "k".repeat(80) + "\"}\n")   // 10 over 64 bytes
        .appendString(note("mixed-1") + "\n")                      // 11 refused: same batch
        .appendString(note("mixed-3"));                            // 12 valid, no newline

    HttpResponse<Buffer> r = post(body);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("detail"))
        .isEqualTo("7 of 10 lines were rejected; 3 notes were imported");
    assertThat(problem.getLong("imported")).isEqualTo(3);
    assertThat(problem.getLong("rejected")).isEqualTo(7);
    assertThat(pointers(problem)).containsExactly("/lines/2", "/lines/3", "/lines/4",
        "/lines/8", "/lines/9", "/lines/10", "/lines/11");
    assertThat(detail(problem, 2)).startsWith("line is not valid JSON");
    assertThat(detail(problem, 3)).isEqualTo("line must be a JSON object");
    assertThat(detail(problem, 4)).contains("body");
    assertThat(detail(problem, 8)).isEqualTo("a note with key 'mixed-taken' already exists");
    assertThat(detail(problem, 9)).startsWith("line is not valid UTF-8 (byte 19 of the line)");
    assertThat(detail(problem, 10)).startsWith("line is longer than 64 bytes");
    assertThat(count("mixed-")).isEqualTo(4);
  }

  @Test
  void errors_list_the_first_thousand_lines_and_count_all() {
    String body = "{}\n".repeat(1_500);

    HttpResponse<Buffer> r = post(body);

    JsonObject problem = r.bodyAsJsonObject();
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(problem.getLong("rejected")).isEqualTo(1_500);
    assertThat(problem.getJsonArray("errors")).hasSize(1_000);
    assertThat(pointers(problem).get(999)).isEqualTo("/lines/1000");
  }

  @Test
  void a_crossed_limit_answers_what_the_lines_before_it_imported_and_where_to_resume() {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 2_005; i++) {
      body.append(i == 5 ? "{}" : note("many-" + i)).append('\n');
    }

    HttpResponse<Buffer> r = post(body.toString());

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(413);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("detail")).startsWith("The import has more than 2000 lines")
        .contains("1999 notes were imported");
    assertThat(problem.getLong("imported")).isEqualTo(1_999).isEqualTo(count("many-"));
    assertThat(problem.getLong("rejected")).isEqualTo(1);
    assertThat(problem.getLong("next_line")).isEqualTo(2_001);
    assertThat(pointers(problem)).containsExactly("/lines/5");
  }

  @Test
  void gzip_and_deflate_bodies_are_inflated_and_imported() throws IOException {
    byte[] plain = (note("gz-1") + "\n" + note("gz-2") + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] deflated = (note("df-1") + "\n").getBytes(StandardCharsets.UTF_8);

    HttpResponse<Buffer> gz = post(gzip(plain), "Content-Encoding", "gzip");
    HttpResponse<Buffer> df = post(deflate(deflated), "Content-Encoding", "deflate");

    assertThat(gz.statusCode()).as(gz.bodyAsString()).isEqualTo(200);
    assertThat(df.statusCode()).as(df.bodyAsString()).isEqualTo(200);
    assertThat(count("gz-")).isEqualTo(2);
    assertThat(count("df-")).isEqualTo(1);
  }

  @Test
  void a_gzip_bomb_is_413_once_it_inflates_past_the_ratio() throws IOException {
    Buffer bomb = gzip("\n".repeat(8 << 20).getBytes(StandardCharsets.US_ASCII));

    HttpResponse<Buffer> r = post(bomb, "Content-Encoding", "gzip");

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("detail"))
        .contains("inflates more than 10 times");
    assertThat(r.bodyAsJsonObject().getLong("imported")).isZero();
  }

  @Test
  void a_cut_compressed_body_is_400_and_its_whole_lines_before_the_cut_are_imported()
      throws IOException {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      body.append(note("cut-" + i)).append('\n');
    }
    byte[] whole = gzip(body.toString().getBytes(StandardCharsets.UTF_8)).getBytes();

    HttpResponse<Buffer> r = post(Buffer.buffer(Arrays.copyOf(whole, whole.length / 2)),
        "Content-Encoding", "gzip");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("detail")).contains("gzip body is corrupt");
    assertThat(problem.getLong("imported")).isEqualTo(count("cut-"))
        .isEqualTo(problem.getLong("next_line") - 1);
  }

  @Test
  void a_stalled_body_is_408_with_what_its_lines_before_imported() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api/notes/import HTTP/1.1\r\nHost: x\r\n"
          + "Content-Type: " + NDJSON + "\r\nContent-Length: 100000\r\n\r\n"
          + note("stall-1") + "\n{\"key").getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 408").contains("nothing arrived for 1 s")
          .contains("\"imported\":1").contains("\"next_line\":2");
    }
    assertThat(count("stall-")).isEqualTo(1);
  }

  @Test
  void random_bytes_and_mangled_lines_are_line_errors_never_a_failure() {
    Random random = new Random(29);
    String valid = note("fuzz-0");
    for (int round = 0; round < 20; round++) {
      Buffer body = Buffer.buffer();
      for (int i = 0; i < 60; i++) {
        switch (random.nextInt(4)) {
          case 0 -> {
            byte[] bytes = new byte[random.nextInt(100)];
            random.nextBytes(bytes);
            body.appendBytes(bytes);
          }
          case 1 -> body.appendString(valid.substring(0, random.nextInt(valid.length())));
          case 2 -> {
            byte[] bytes = note("fuzz-" + round + "-" + i).getBytes(StandardCharsets.UTF_8);
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            body.appendBytes(bytes);
          }
          default -> body.appendString(note("fuzz-" + round + "-" + i));
        }
        body.appendString(random.nextBoolean() ? "\n" : "\r\n");
      }
      // A mangled key may lose its prefix: count every row.
      long before = count("");
      long newlines = body.toString(StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n')
          .count();

      HttpResponse<Buffer> r = post(body);

      assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 413, 422);
      JsonObject answer = r.bodyAsJsonObject();
      assertThat(answer.getLong("imported")).as("round " + round)
          .isEqualTo(count("") - before);
      List<Long> lines = new ArrayList<>();
      for (String pointer : pointers(answer)) {
        lines.add(Long.parseLong(pointer.substring("/lines/".length())));
      }
      assertThat(lines).isSorted().doesNotHaveDuplicates()
          .allMatch(n -> n >= 1 && n <= newlines + 1);
    }
  }

  @Test
  void a_batch_writer_naming_a_line_outside_its_batch_is_a_500() {
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.POST, "/api/notes/misnumbered",
        Buffer.buffer(note("misnumbered-1") + "\n"), "Content-Type", NDJSON));

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.bodyAsString()).doesNotContain("batch writer");
  }

  @Test
  void another_media_type_or_a_query_parameter_is_refused_before_a_line_is_read() {
    HttpResponse<Buffer> json = TestBrisk.await(app.send(HttpMethod.POST, "/api/notes/import",
        Buffer.buffer(note("refused-1")), "Content-Type", "application/json"));
    HttpResponse<Buffer> latin1 = TestBrisk.await(app.send(HttpMethod.POST, "/api/notes/import",
        Buffer.buffer(note("refused-1")), "Content-Type", NDJSON + "; charset=iso-8859-1"));
    HttpResponse<Buffer> param = TestBrisk.await(app.send(HttpMethod.POST,
        "/api/notes/import?dry_run=1", Buffer.buffer(note("refused-1")), "Content-Type", NDJSON));

    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(json.getHeader("Accept-Post")).isEqualTo(NDJSON);
    assertThat(latin1.statusCode()).isEqualTo(415);
    assertThat(param.statusCode()).isEqualTo(400);
    assertThat(count("refused-")).isZero();
  }

  private static List<String> pointers(JsonObject problem) {
    JsonArray errors = problem.getJsonArray("errors", new JsonArray());
    List<String> pointers = new ArrayList<>();
    for (int i = 0; i < errors.size(); i++) {
      pointers.add(errors.getJsonObject(i).getString("pointer"));
    }
    return pointers;
  }

  private static String detail(JsonObject problem, long line) {
    JsonArray errors = problem.getJsonArray("errors");
    for (int i = 0; i < errors.size(); i++) {
      if (errors.getJsonObject(i).getString("pointer").equals("/lines/" + line)) {
        return errors.getJsonObject(i).getString("detail");
      }
    }
    throw new AssertionError("no error for line " + line + ": " + problem.encode());
  }

  private static Buffer gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static Buffer deflate(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream df = new DeflaterOutputStream(out)) {
      df.write(plain);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
