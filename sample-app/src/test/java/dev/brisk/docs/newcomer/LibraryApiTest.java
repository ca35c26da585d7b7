package dev.brisk.docs.newcomer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library API of {@link LibraryApp} against the real PostgreSQL and Redis. */
class LibraryApiTest {

  private static final String SCHEMA = "library_" + UUID.randomUUID().toString().replace("-", "");
  private static final String INTERNAL = LibraryApp.INTERNAL_KEY;
  private static TestBrisk app;
  private static UUID member;
  private static UUID otherMember;
  private static final List<UUID> BOOKS = new ArrayList<>();

  @BeforeAll
  static void start() {
    app = TestBrisk.start(LibraryApp::new,
        Map.of("library-schema", SCHEMA, "rate-limiting", "off"));
    member = insertId("INSERT INTO " + SCHEMA + ".members (name) VALUES ('Ada') RETURNING id");
    otherMember = insertId("INSERT INTO " + SCHEMA + ".members (name) VALUES ('Bob') RETURNING id");
    // 30 books: prices 1.50 .. 30.50, published one per month of 2020-2022, every third lent.
    for (int i = 1; i <= 30; i++) {
      BOOKS.add(insertId("INSERT INTO " + SCHEMA + ".books (title, isbn, price, available,"
          + " published_on) VALUES ('Book " + i + "', 'isbn-" + i + "', " + i + ".50, "
          + (i % 3 != 0) + ", DATE '2020-01-01' + " + (i - 1) + " * interval '1 month')"
          + " RETURNING id"));
    }
    for (int i = 3; i <= 30; i += 3) {
      sql("INSERT INTO " + SCHEMA + ".loans (member_id, book_id, due_on) VALUES ('"
          + (i % 2 == 0 ? member : otherMember) + "', '" + BOOKS.get(i - 1) + "', '2030-01-01')");
    }
  }

  @AfterAll
  static void stop() {
    sql("DROP SCHEMA " + SCHEMA + " CASCADE");
    app.close();
  }

  @Test
  void lists_books_by_every_filter_with_field_selection() {
    JsonObject page = ok(app.get("/api/books?available=true&min_price=5.5&max_price=10.50"
        + "&fields=title,price&sort=price")).bodyAsJsonObject();
    assertThat(page.getJsonArray("data")).containsExactly(
        new JsonObject().put("title", "Book 5").put("price", 5.5),
        new JsonObject().put("title", "Book 7").put("price", 7.5),
        new JsonObject().put("title", "Book 8").put("price", 8.5),
        new JsonObject().put("title", "Book 10").put("price", 10.5));

    JsonArray recent = ok(app.get("/api/books?published_from=2022-05-01&fields=title"
        + "&sort=published_on")).bodyAsJsonObject().getJsonArray("data");
    assertThat(recent).extracting(b -> ((JsonObject) b).getString("title"))
        .containsExactly("Book 29", "Book 30");

    JsonArray lent = ok(app.get("/api/books?member=" + member + "&fields=title,borrower"
        + "&sort=price")).bodyAsJsonObject().getJsonArray("data");
    assertThat(lent).extracting(b -> ((JsonObject) b).getString("title"))
        .containsExactly("Book 6", "Book 12", "Book 18", "Book 24", "Book 30");
    assertThat(lent.getJsonObject(0).getString("borrower")).isEqualTo(member.toString());
  }

  @Test
  void pages_through_all_books_with_a_cursor() {
    List<String> titles = new ArrayList<>();
    String uri = "/api/books?limit=7&sort=-price&fields=title";
    for (int pages = 0; uri != null; pages++) {
      assertThat(pages).isLessThan(6);
      JsonObject page = ok(app.get(uri)).bodyAsJsonObject();
      page.getJsonArray("data").forEach(b -> titles.add(((JsonObject) b).getString("title")));
      String next = page.getJsonObject("page").getString("next_cursor");
      uri = next == null ? null : "/api/books?limit=7&sort=-price&fields=title&cursor=" + next;
    }
    assertThat(titles).hasSize(30).startsWith("Book 30", "Book 29").endsWith("Book 1");
  }

  @Test
  void refuses_bad_filter_values_naming_them() {
    HttpResponse<Buffer> bad = app.get("/api/books?min_price=cheap");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(bad.bodyAsJsonObject().getString("detail")).contains("min_price");
    assertThat(app.get("/api/books?member=42").bodyAsJsonObject().getString("detail"))
        .contains("member must be a UUID");
  }

  @Test
  void gets_a_book_by_uuid_with_its_loans_and_their_members() {
    UUID book = BOOKS.get(5);   // Book 6, lent to member
    JsonObject json = ok(app.get("/api/books/" + book
        + "?fields=title,loans(due_on,member(name))")).bodyAsJsonObject();
    assertThat(json).isEqualTo(new JsonObject().put("title", "Book 6")
        .put("loans", new JsonArray().add(new JsonObject().put("due_on", "2030-01-01")
            .put("member", new JsonObject().put("name", "Ada")))));

    HttpResponse<Buffer> whole = ok(app.get("/api/books/" + book));
    assertThat(whole.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("id", "title",
        "isbn", "price", "available", "published_on", "updated_at");
    assertThat(app.get("/api/books/" + book, "If-None-Match", whole.getHeader("ETag"))
        .statusCode()).isEqualTo(304);
  }

  @Test
  void answers_a_malformed_or_unknown_book_id_with_a_problem() {
    HttpResponse<Buffer> malformed = app.get("/api/books/42");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getString("detail"))
        .isEqualTo("id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, was '42'");
    UUID absent = UUID.randomUUID();
    HttpResponse<Buffer> missing = app.get("/api/books/" + absent);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("detail")).contains(absent.toString());
  }

  @Test
  void lends_a_book_once_per_idempotency_key() {
    UUID book = BOOKS.get(0);
    JsonObject loan = new JsonObject().put("member_id", otherMember.toString())
        .put("book_id", book.toString()).put("due_on", "2031-02-03");
    String key = "lend-" + UUID.randomUUID();
    HttpResponse<Buffer> created = app.request(HttpMethod.POST, "/api/loans", loan,
        "X-API-Key", LibraryApp.MEMBER_KEY, "Idempotency-Key", key);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(created.getHeader("Location")).isEqualTo("/api/loans/" + body.getString("id"));
    assertThat(body.getString("book_id")).isEqualTo(book.toString());
    assertThat(body.getString("due_on")).isEqualTo("2031-02-03");

    HttpResponse<Buffer> replayed = app.request(HttpMethod.POST, "/api/loans", loan,
        "X-API-Key", LibraryApp.MEMBER_KEY, "Idempotency-Key", key);
    assertThat(replayed.statusCode()).isEqualTo(201);
    assertThat(replayed.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(body);

    HttpResponse<Buffer> again = app.request(HttpMethod.POST, "/api/loans", loan,
        "X-API-Key", LibraryApp.MEMBER_KEY);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(ok(app.get("/api/books/" + book + "?fields=available,borrower"))
        .bodyAsJsonObject()).isEqualTo(new JsonObject().put("available", false)
        .put("borrower", otherMember.toString()));
  }

  @Test
  void refuses_a_loan_naming_every_bad_member() {
    HttpResponse<Buffer> anonymous = app.request(HttpMethod.POST, "/api/loans",
        new JsonObject());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> bad = app.request(HttpMethod.POST, "/api/loans", new JsonObject()
        .put("member_id", "x".repeat(36)).put("book_id", BOOKS.get(1).toString())
        .put("due_on", "soon").put("colour", "red"), "X-API-Key", LibraryApp.MEMBER_KEY);
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors"))
        .extracting(e -> ((JsonObject) e).getString("pointer"))
        .containsExactlyInAnyOrder("/member_id", "/due_on", "/colour");
  }

  @Test
  void refuses_a_loan_due_before_it_is_lent_naming_both_dates() {
    UUID book = BOOKS.get(3);   // Book 4, available
    JsonObject loan = new JsonObject().put("member_id", otherMember.toString())
        .put("book_id", book.toString()).put("lent_on", "2031-02-03").put("due_on", "2031-02-03");
    HttpResponse<Buffer> bad = app.request(HttpMethod.POST, "/api/loans", loan,
        "X-API-Key", LibraryApp.MEMBER_KEY);
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors")).containsExactly(
        new JsonObject().put("pointer", "/lent_on").put("detail", "due_on must be after lent_on"),
        new JsonObject().put("pointer", "/due_on").put("detail", "due_on must be after lent_on"));
    assertThat(ok(app.get("/api/books/" + book + "?fields=available")).bodyAsJsonObject()
        .getBoolean("available")).isTrue();
    // An invalid date is the only error: the rule never reads it.
    HttpResponse<Buffer> invalid = app.request(HttpMethod.POST, "/api/loans",
        loan.copy().put("lent_on", "2031-02-30"), "X-API-Key", LibraryApp.MEMBER_KEY);
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors")).extracting(
        e -> ((JsonObject) e).getString("pointer")).containsExactly("/lent_on");

    HttpResponse<Buffer> lent = app.request(HttpMethod.POST, "/api/loans",
        loan.copy().put("due_on", "2031-03-03"), "X-API-Key", LibraryApp.MEMBER_KEY);
    assertThat(lent.statusCode()).as(lent.bodyAsString()).isEqualTo(201);
    assertThat(lent.bodyAsJsonObject().getString("lent_on")).isEqualTo("2031-02-03");
  }

  @Test
  void patches_a_book_only_while_its_etag_matches() {
    UUID book = BOOKS.get(1);
    String etag = ok(app.get("/api/books/" + book)).getHeader("ETag");
    JsonObject change = new JsonObject().put("price", 12.25).put("title", "Book 2, revised");
    HttpResponse<Buffer> member = app.request(HttpMethod.PATCH, "/api/books/" + book, change,
        "X-API-Key", LibraryApp.MEMBER_KEY, "If-Match", etag);
    assertThat(member.statusCode()).isEqualTo(403);

    HttpResponse<Buffer> patched = app.request(HttpMethod.PATCH, "/api/books/" + book, change,
        "X-API-Key", INTERNAL, "If-Match", etag,
        "Content-Type", "application/merge-patch+json");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject().getValue("price")).isEqualTo(12.25);
    HttpResponse<Buffer> read = ok(app.get("/api/books/" + book));
    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Book 2, revised");
    assertThat(read.getHeader("ETag")).isEqualTo(patched.getHeader("ETag")).isNotEqualTo(etag);

    HttpResponse<Buffer> stale = app.request(HttpMethod.PATCH, "/api/books/" + book,
        new JsonObject().put("available", false), "X-API-Key", INTERNAL, "If-Match", etag);
    assertThat(stale.statusCode()).isEqualTo(412);
    HttpResponse<Buffer> invalid = app.request(HttpMethod.PATCH, "/api/books/" + book,
        new JsonObject().put("price", 1.005).put("isbn", null), "X-API-Key", INTERNAL);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors"))
        .extracting(e -> ((JsonObject) e).getString("pointer"))
        .containsExactlyInAnyOrder("/price", "/isbn");
    // A date member is bound as a date (a string would fail the statement: a 500).
    HttpResponse<Buffer> dated = app.request(HttpMethod.PATCH, "/api/books/" + book,
        new JsonObject().put("published_on", "2019-05-06"), "X-API-Key", INTERNAL);
    assertThat(dated.statusCode()).as(dated.bodyAsString()).isEqualTo(200);
    assertThat(dated.bodyAsJsonObject().getString("published_on")).isEqualTo("2019-05-06");
  }

  @Test
  void exports_a_members_loans_as_ndjson_to_librarians_only() {
    assertThat(app.get("/api/loans/export", "X-API-Key", LibraryApp.MEMBER_KEY).statusCode())
        .isEqualTo(403);
    HttpResponse<Buffer> export = ok(app.get("/api/loans/export?member_id=" + member
        + "&fields=book(title)", "X-API-Key", INTERNAL));
    assertThat(export.getHeader("Content-Type")).startsWith("application/x-ndjson");
    assertThat(export.bodyAsString().lines().map(JsonObject::new)
        .map(l -> l.getJsonObject("book").getString("title")))
        .containsExactlyInAnyOrder("Book 6", "Book 12", "Book 18", "Book 24", "Book 30");
  }

  @Test
  void describes_every_route_in_the_openapi_document() {
    JsonObject api = ok(app.get("/openapi.json")).bodyAsJsonObject();
    assertThat(api.getJsonObject("info").getString("title")).isEqualTo("Library");
    JsonObject paths = api.getJsonObject("paths");
    assertThat(paths.fieldNames()).contains("/api/books", "/api/books/{id}", "/api/loans",
        "/api/loans/{id}", "/api/loans/export");
    JsonObject id = paths.getJsonObject("/api/books/{id}").getJsonObject("get")
        .getJsonArray("parameters").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals("id")).findFirst().orElseThrow();
    assertThat(id.getJsonObject("schema").getString("format")).isEqualTo("uuid");
    JsonObject post = paths.getJsonObject("/api/loans").getJsonObject("post");
    assertThat(post.getJsonObject("requestBody").encode())
        .contains("due_on", "member_id", "\"format\":\"uuid\"");
    assertThat(post.encode()).contains("Idempotency-Key");
    assertThat(paths.getJsonObject("/api/books/{id}").getJsonObject("patch").encode())
        .contains("If-Match", "412");
    assertThat(paths.getJsonObject("/api/books").getJsonObject("get").encode())
        .contains("min_price", "published_from", "member", "available");
  }

  private static HttpResponse<Buffer> ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response;
  }

  private static UUID insertId(String insert) {
    Row row = TestBrisk.await(app.running().context().db().query(insert)).iterator().next();
    return row.getUUID("id");
  }

  private static void sql(String statement) {
    TestBrisk.await(app.running().context().db().query(statement));
  }
}
