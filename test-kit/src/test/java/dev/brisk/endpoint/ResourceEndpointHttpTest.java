package dev.brisk.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.RouteDeclaration;
import dev.brisk.page.ForgedCursors;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tutorial's books resource, served by a ResourceEndpoint against real PostgreSQL. */
class ResourceEndpointHttpTest {

  private static final String CURSOR_KEY = "books-cursor-key-0123456789";
  private static final TestBrisk APP = TestBrisk.start(BooksApp::new,
      Map.of("cursor-keys", CURSOR_KEY));

  private static JsonObject json(String uri) {
    HttpResponse<Buffer> r = APP.get(uri);
    assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject problem(String uri, int status, String slug) {
    HttpResponse<Buffer> r = APP.get(uri);
    assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getString("type")).isEqualTo(Problem.TYPE_BASE + slug);
    return p;
  }

  private static List<Long> ids(JsonObject page) {
    List<Long> ids = new ArrayList<>();
    page.getJsonArray("data").forEach(o -> ids.add(((JsonObject) o).getLong("id")));
    return ids;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void gets_one_book_with_field_selection_and_an_etag() {
    assertThat(json("/api/books/4")).isEqualTo(new JsonObject().put("id", 4).put("title",
        "Poem 04").put("genre", "poetry").put("pages", 250));
    assertThat(json("/api/books/4?fields=title")).isEqualTo(new JsonObject().put("title",
        "Poem 04"));
    String etag = APP.get("/api/books/4").getHeader("ETag");
    assertThat(APP.get("/api/books/4", "If-None-Match", etag).statusCode()).isEqualTo(304);
    problem("/api/books/999", 404, "not-found");
    problem("/api/books/abc", 400, "invalid-parameter");
    assertThat(problem("/api/books/4?q=x", 400, "invalid-parameter").getString("detail"))
        .isEqualTo("unknown query parameter 'q'; this endpoint accepts: fields");
    problem("/api/books/4?fields=isbn", 400, "invalid-parameter");
    assertThat(APP.get("/api/books/4", "Accept", "application/x-protobuf").statusCode())
        .isEqualTo(406);
  }

  @Test
  void lists_in_the_envelope_with_a_link_header() {
    HttpResponse<Buffer> r = APP.get("/api/books?limit=5&fields=id");
    JsonObject page = r.bodyAsJsonObject();
    assertThat(ids(page)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(page.getJsonObject("page").getBoolean("has_more")).isTrue();
    assertThat(page.getJsonObject("page").getInteger("limit")).isEqualTo(5);
    assertThat(r.getHeader("Link")).contains("rel=\"next\"").startsWith("</api/books?");
    assertThat(problem("/api/books?author=1", 400, "invalid-parameter").getString("detail"))
        .isEqualTo("unknown query parameter 'author'; this endpoint accepts: cursor, fields, "
            + "limit, min_pages, q, sort");
  }

  @Test
  void filters_select_rows_and_refuse_bad_values() {
    JsonArray poems = json("/api/books?q=POEM&limit=100&fields=title").getJsonArray("data");
    assertThat(poems).hasSize(BooksApp.BOOKS / 4);
    poems.forEach(o -> assertThat(((JsonObject) o).getString("title")).startsWith("Poem "));
    JsonArray thick = json("/api/books?min_pages=250&limit=100&fields=pages").getJsonArray("data");
    assertThat(thick).hasSize(BooksApp.BOOKS / 5);
    problem("/api/books?min_pages=-1", 400, "invalid-parameter");
    problem("/api/books?min_pages=99999999999", 400, "invalid-parameter");
    problem("/api/books?q=" + "x".repeat(101), 400, "invalid-parameter");
    problem("/api/books?q=a&q=b", 400, "invalid-parameter");
    assertThat(json("/api/books?q=" + enc("%_")).getJsonArray("data")).isEmpty();
  }

  @Test
  void sorts_by_declared_fields_with_id_breaking_ties() {
    List<Long> byPages = ids(json("/api/books?sort=-pages&limit=10&fields=id,pages"));
    // 250 pages: g % 5 == 4, i.e. 4, 9, 14, ...; descending ties go by id descending.
    assertThat(byPages).containsExactly(39L, 34L, 29L, 24L, 19L, 14L, 9L, 4L, 38L, 33L);
    assertThat(ids(json("/api/books?sort=title&limit=2&fields=id"))).containsExactly(1L, 2L);
    assertThat(problem("/api/books?sort=genre", 400, "invalid-parameter").getString("detail"))
        .startsWith("sort must be one of id, -id, title, -title, pages, -pages");
  }

  @Test
  void a_cursor_walks_every_row_once_and_only_with_its_own_filters() {
    String base = "/api/books?sort=pages&min_pages=100&limit=7&fields=id";
    List<Long> seen = new ArrayList<>();
    JsonObject page = json(base);
    seen.addAll(ids(page));
    String first = page.getJsonObject("page").getString("next_cursor");
    String cursor = first;
    while (cursor != null) {
      page = json(base + "&cursor=" + enc(cursor));
      seen.addAll(ids(page));
      cursor = page.getJsonObject("page").getString("next_cursor");
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize(BooksApp.BOOKS * 4 / 5);
    assertThat(problem(base.replace("min_pages=100", "min_pages=150") + "&cursor=" + enc(first),
        400, "invalid-parameter").getString("detail")).contains("cursor");
    problem(base.replace("sort=pages", "sort=-pages") + "&cursor=" + enc(first), 400,
        "invalid-parameter");
    problem(base + "&q=Book&cursor=" + enc(first), 400, "invalid-parameter");
    String tampered = first.substring(0, first.length() - 2) + (first.endsWith("AA") ? "BB" : "AA");
    problem(base + "&cursor=" + enc(tampered), 400, "invalid-parameter");
  }

  @Test
  void a_signed_cursor_with_keys_of_other_types_than_the_columns_is_a_400() {
    String base = "/api/books?sort=pages&limit=3&fields=id";
    String real = json(base).getJsonObject("page").getString("next_cursor");
    byte[] key = CURSOR_KEY.getBytes(StandardCharsets.UTF_8);
    // pages is int, id bigint: a text, a timestamp or a boolean key cannot be bound to them.
    List<String> forged = List.of(ForgedCursors.withKeys(real, key, "abc", 1L),
        ForgedCursors.withKeys(real, key, 100, "1"),
        ForgedCursors.withKeys(real, key, LocalDate.of(2024, 1, 1), 1L),
        ForgedCursors.withKeys(real, key, true, 1L));
    for (String cursor : forged) {
      JsonObject p = problem(base + "&cursor=" + enc(cursor), 400, "invalid-parameter");
      assertThat(p.getString("detail")).startsWith("cursor is not a valid page cursor");
      assertThat(p.getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo("?cursor");
    }
    String byTitle = json("/api/books?sort=title&limit=3&fields=id").getJsonObject("page")
        .getString("next_cursor");
    problem("/api/books?sort=title&limit=3&fields=id&cursor="
        + enc(ForgedCursors.withKeys(byTitle, key, 5L, 1L)), 400, "invalid-parameter");
  }

  @Test
  void routes_are_documented_for_the_generated_description() {
    OperationDoc list = doc("/api/books");
    assertThat(list.resource()).isSameAs(BooksApp.BOOK);
    assertThat(list.shape()).isEqualTo(OperationDoc.Shape.PAGE);
    assertThat(list.summary()).isNotBlank();
    assertThat(list.query()).extracting(ParameterDoc::name)
        .containsExactly("q", "min_pages", "sort", "limit", "cursor", "fields");
    ParameterDoc sort = list.query().get(2);
    assertThat(sort.schema().getJsonArray("enum")).containsExactly("id", "-id", "title",
        "-title", "pages", "-pages");
    assertThat(list.query().get(0).schema().getInteger("maxLength")).isEqualTo(100);
    assertThat(list.query().get(5).description()).contains("id, title, genre, pages");
    OperationDoc one = doc("/api/books/:id");
    assertThat(one.shape()).isEqualTo(OperationDoc.Shape.ONE);
    assertThat(one.query()).extracting(ParameterDoc::name).containsExactly("fields");
    assertThat(one.problems()).contains(404);
  }

  private static OperationDoc doc(String path) {
    return BooksApp.declarations().stream()
        .filter(d -> d.method() == HttpMethod.GET && d.path().equals(path))
        .map(RouteDeclaration::doc).findFirst().orElseThrow();
  }
}
