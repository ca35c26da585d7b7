package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKey;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.auth.Caller;
import dev.brisk.cache.Validator;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An endpoint from {@code context.endpoint(...)} and a reader from {@code context.reader(...)}
 * take the app's settings without being told; two instances on one Redis whose settings change
 * what a representation holds (a rolling deploy changing {@code --embed-max-per-parent}) never
 * serve each other's cached copies.
 */
class EndpointSettingsTest {

  /** Each run's own name: the dev services' Redis outlives a run and other tests share it. */
  private static final String SHELF_NAME = "shelf" + UUID.randomUUID().toString().substring(0, 8);
  static final Resource BOOK = Resource.builder("shelf_book", "settings_books", "b")
      .field("id", "id", LONG)
      .field("shelf_id", "shelf_id", LONG)
      .build();
  static final Resource SHELF = Resource.builder(SHELF_NAME, "settings_shelves", "s")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .embedMany("books", BOOK, "shelf_id")
      .build();
  /** Shelves 1..3 with 6 books each. */
  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS settings_shelves (id bigint PRIMARY KEY, name text NOT NULL);
      CREATE TABLE IF NOT EXISTS settings_books (id bigint PRIMARY KEY, shelf_id bigint NOT NULL);
      INSERT INTO settings_shelves SELECT g, 'Shelf ' || g FROM generate_series(1, 3) g
        ON CONFLICT (id) DO NOTHING;
      INSERT INTO settings_books SELECT g, 1 + (g - 1) / 6 FROM generate_series(1, 18) g
        ON CONFLICT (id) DO NOTHING;
      """;

  /**
   * Shelves as an endpoint (get, list, export; cached) and as a hand-written reader route; API
   * key {@code pro} of tier pro.
   */
  static final class App implements BriskApp {
    @Override
    public ApiKeyStore apiKeys(BriskContext context) {
      return hash -> Future.succeededFuture(hash.equals(ApiKey.hash("pro"))
          ? new ApiKey("k-pro", "1", "pro") : null);
    }

    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().pool().query(SCHEMA).execute().mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(SHELF, Pager.create(context.pages()))
          .cached(context.cache(), key -> Future.succeededFuture(
              Validator.of(key, Map.of(SHELF_NAME + ":" + key.id(), "1"))))
          .cachePages()
          .build()
          .list(routes, Mount.at("/api/shelves", Access.open()))
          .export(routes, Mount.at("/api/shelves/export", Access.open()), context.streams())
          .get(routes, Mount.at("/api/shelves/:id", Access.open()));
      // An open list whose rows depend on the caller: a keyed caller sees its own shelf only.
      context.endpoint(SHELF, Pager.create(context.pages()))
          .restrict("own", "s.id = ?", ctx -> Caller.of(ctx).isAnonymous()
              ? ResourceEndpoint.unrestricted() : Long.parseLong(Caller.of(ctx).userId()))
          .cached(context.cache(), key -> Future.succeededFuture(
              Validator.of(key, Map.of(SHELF_NAME + ":" + key.id(), "1"))))
          .cachePages()
          .build()
          .list(routes, Mount.at("/api/own/shelves", Access.open()));
      ResourceReader reader = context.reader(SHELF, null);
      routes.get("/api/read/shelves/:id", Access.open(), ctx -> reader.byId(
          FieldMask.parse(SHELF, ctx.queryParams().get("fields")),
          Requests.pathId(ctx, "id")).map(Reply::ok));
    }
  }

  private static TestBrisk two;

  @BeforeAll
  static void start() {
    two = TestBrisk.start(App::new, Map.of("embed-max-per-parent", "2", "sse-retry", "7s"));
  }

  @AfterAll
  static void stop() {
    two.close();
  }

  private static JsonObject json(TestBrisk app, String uri) {
    HttpResponse<Buffer> r = app.get(uri);
    assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void an_endpoint_and_a_reader_from_the_context_take_the_apps_settings() {
    for (String uri : new String[] {"/api/shelves/1?fields=id,books(id)",
        "/api/read/shelves/1?fields=id,books(id)"}) {
      JsonObject shelf = json(two, uri);
      assertThat(shelf.getJsonArray("books")).as(uri).hasSize(2);
      assertThat(shelf.getBoolean("books_has_more")).as(uri).isTrue();
    }
    HttpResponse<Buffer> sse = two.get("/api/shelves/export?fields=id", "Accept",
        "text/event-stream");
    assertThat(sse.statusCode()).isEqualTo(200);
    assertThat(sse.bodyAsString()).startsWith("retry: 7000\n\n");
  }

  @Test
  void instances_with_other_embed_caps_never_serve_each_others_cached_copies() {
    String one = "/api/shelves/2?fields=id,books(id)";
    String page = "/api/shelves?limit=2&fields=id,books(id)";
    try (TestBrisk four = TestBrisk.start(App::new, Map.of("embed-max-per-parent", "4"))) {
      // The first instance fills the cache (L1 and the shared L2), then the second one reads.
      assertThat(json(two, one).getJsonArray("books")).hasSize(2);
      assertThat(books(json(two, page))).containsExactly(2, 2);

      assertThat(json(four, one).getJsonArray("books")).hasSize(4);
      assertThat(books(json(four, page))).containsExactly(4, 4);
      assertThat(json(two, one).getJsonArray("books")).hasSize(2);
      assertThat(books(json(two, page))).containsExactly(2, 2);
    }
  }

  @Test
  void a_cached_page_of_an_open_route_is_the_same_for_every_caller() {
    // An open list does not depend on its caller: one cached copy, cursors anyone can follow,
    // nothing that varies on the credentials (so a shared cache may keep it).
    for (String[] order : new String[][] {{null, "pro"}, {"pro", null}}) {
      String page = "/api/shelves?limit=1&fields=id" + (order[0] == null ? "" : "&sort=-id");
      HttpResponse<Buffer> first = two.get(page, "X-API-Key", order[0]);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.getHeader("Vary")).doesNotContain("X-API-Key");
      assertThat(first.getHeader("Cache-Control")).doesNotContain("private");
      String next = first.bodyAsJsonObject().getJsonObject("page").getString("next_cursor");
      HttpResponse<Buffer> other = two.get(page, "X-API-Key", order[1]);
      assertThat(other.bodyAsString()).isEqualTo(first.bodyAsString());
      HttpResponse<Buffer> second = two.get(page + "&cursor=" + next, "X-API-Key", order[1]);
      assertThat(second.statusCode()).as(order[1] + " after " + order[0] + ": "
          + second.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  void a_cached_page_of_an_open_route_restricted_by_its_caller_is_each_callers_own() {
    for (String[] order : new String[][] {{null, "pro"}, {"pro", null}}) {
      String page = "/api/own/shelves?fields=id" + (order[0] == null ? "" : "&sort=-id");
      for (String key : order) {
        HttpResponse<Buffer> r = two.get(page, "X-API-Key", key);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getJsonArray("data")).as(key + " after " + order[0])
            .hasSize(key == null ? 3 : 1);
      }
    }
  }

  @Test
  void a_page_links_to_the_path_the_router_matched_never_another_host() throws IOException {
    // The router resolves "//evil.example/.." away; a Link repeating the raw path would be a
    // network-path reference that a client following rel="next" resolves to evil.example.
    for (String target : new String[] {"//evil.example/../api/shelves", "//api/shelves",
        "/api/x/../shelves"}) {
      String response = rawGet(two, target + "?limit=1&fields=id");
      assertThat(response).as(target).startsWith("HTTP/1.1 200 ")
          .contains("Link: </api/shelves?limit=1&fields=id&cursor=");
    }
  }

  /** Sends {@code GET target} as written, on a socket of its own, and reads the answer. */
  private static String rawGet(TestBrisk app, String target) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** How many books each shelf of a page embeds. */
  private static List<Integer> books(JsonObject page) {
    return page.getJsonArray("data").stream()
        .map(shelf -> ((JsonObject) shelf).getJsonArray("books").size()).toList();
  }
}
