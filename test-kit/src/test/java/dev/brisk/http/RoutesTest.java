package dev.brisk.http;

import static dev.brisk.http.ProblemsTest.assertProblem;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes and replies: each method, HEAD for GET, 201/204, 404, 405 with Allow (a literal path's
 * own), OPTIONS.
 */
class RoutesTest {

  private static final TestBrisk APP = HttpTestApp.app();

  private static HttpResponse<Buffer> send(HttpMethod method, String uri, String json) {
    return await(APP.send(method, uri, json == null ? null : Buffer.buffer(json),
        "Content-Type", json == null ? null : "application/json"));
  }

  @Test
  void get_replies_json_with_request_id_and_server_timing() {
    HttpResponse<Buffer> r = APP.get("/items/3");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", 3).put("name", "item-3"));
    assertThat(r.getHeader("X-Request-Id")).matches("[0-9a-f]{16,32}");
    assertThat(r.getHeader("Server-Timing")).startsWith("db;dur=");
  }

  @Test
  void head_has_the_get_headers_and_no_body() {
    HttpResponse<Buffer> get = APP.get("/items/3");
    HttpResponse<Buffer> head = send(HttpMethod.HEAD, "/items/3", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isNull();
    assertThat(head.getHeader("Content-Length"))
        .isEqualTo(Integer.toString(get.body().length()));
    assertThat(head.getHeader("ETag")).isEqualTo(get.getHeader("ETag"));
  }

  @Test
  void post_replies_201_with_location_and_body() {
    HttpResponse<Buffer> r = send(HttpMethod.POST, "/items", "{\"name\":\"new\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("Location")).isEqualTo("/items/7");
    assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", "new").put("id", 7));
  }

  /**
   * A write that does not declare it reads its preconditions never ignores them: it compares no
   * ETag, so only {@code If-Match: *} holds; a literal path that can be read always exists, so
   * {@code If-None-Match: *} fails there, and one that cannot (POST only) never does, so
   * {@code If-Match: *} fails there; the handler does not run.
   */
  @Test
  void writes_that_compare_no_etag_answer_preconditions_412_before_they_run() {
    String[][] refused = {
        {"POST", "/items", "If-Match", "\"x\""},
        {"POST", "/items", "If-Match", "\"x\", *"},
        {"PUT", "/stock", "If-None-Match", "*"},
        {"POST", "/items", "If-Match", "*"},
        {"PATCH", "/items/5", "If-Match", "\"x\""},
        {"DELETE", "/items/5", "If-Match", "W/\"x\""},
        {"POST", "/counted", "If-Match", "\"x\""},
    };
    long counted = HttpTestApp.COUNTED.get();
    for (String[] c : refused) {
      HttpResponse<Buffer> r = await(APP.send(HttpMethod.valueOf(c[0]), c[1],
          c[0].equals("DELETE") ? null : Buffer.buffer("{\"name\":\"x\"}"),
          "Content-Type", c[0].equals("DELETE") ? null : "application/json", c[2], c[3]));
      assertProblem(r, 412, "precondition-failed");
      assertThat(r.bodyAsJsonObject().getString("detail")).as(String.join(" ", c))
          .contains(c[2]);
    }
    assertThat(HttpTestApp.COUNTED.get()).isEqualTo(counted);
    HttpResponse<Buffer> empty = await(APP.send(HttpMethod.POST, "/items",
        Buffer.buffer("{}"), "Content-Type", "application/json", "If-Match", ""));
    assertProblem(empty, 412, "precondition-failed");
    assertThat(empty.bodyAsJsonObject().getString("detail")).startsWith("If-Match is empty");

    String[][] held = {
        {"PUT", "/stock", "If-Match", "*", "200"},
        {"POST", "/items", "If-None-Match", "*", "201"},
        {"POST", "/items", "If-None-Match", "\"x\"", "201"},
        {"PATCH", "/items/5", "If-Match", "*", "200"},
        // Whether item 5 exists is its handler's to say.
        {"PATCH", "/items/5", "If-None-Match", "*", "200"},
    };
    for (String[] c : held) {
      HttpResponse<Buffer> r = await(APP.send(HttpMethod.valueOf(c[0]), c[1],
          Buffer.buffer("{\"name\":\"x\"}"), "Content-Type", "application/json", c[2], c[3]));
      assertThat(r.statusCode()).as(String.join(" ", c)).isEqualTo(Integer.parseInt(c[4]));
    }
  }

  @Test
  void patch_replies_the_merged_item() {
    HttpResponse<Buffer> r = send(HttpMethod.PATCH, "/items/5", "{\"name\":\"renamed\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("name")).isEqualTo("renamed");
    assertThat(r.bodyAsJsonObject().getLong("id")).isEqualTo(5L);
  }

  @Test
  void delete_replies_204_without_body() {
    HttpResponse<Buffer> r = send(HttpMethod.DELETE, "/items/5", null);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isNull();
    assertThat(r.getHeader("Content-Type")).isNull();
  }

  @Test
  void unknown_path_is_404_problem_naming_it() {
    HttpResponse<Buffer> r = APP.get("/nothing/here");
    assertProblem(r, 404, "not-found");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("/nothing/here");
  }

  @Test
  void missing_item_is_the_endpoints_own_404() {
    HttpResponse<Buffer> r = APP.get("/items/101");
    assertProblem(r, 404, "not-found");
    assertThat(r.bodyAsJsonObject().getString("detail")).isEqualTo("Item 101 does not exist");
  }

  @Test
  void wrong_method_is_405_with_allow() {
    HttpResponse<Buffer> r = send(HttpMethod.PUT, "/items/5", "{}");
    assertProblem(r, 405, "method-not-allowed");
    assertThat(r.getHeader("Allow")).isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH");
  }

  @Test
  void allow_names_the_methods_of_the_path_the_router_serves_not_of_the_path_as_sent() {
    // The router serves /items//5, /items/5/ and /items/./5 as /items/5; their Allow was empty.
    for (String uri : List.of("/items//5", "/items/5/", "/items/./5", "/items/x/../5")) {
      HttpResponse<Buffer> r = send(HttpMethod.PUT, uri, "{}");
      assertProblem(r, 405, "method-not-allowed");
      assertThat(r.getHeader("Allow")).as(uri).isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH");
      HttpResponse<Buffer> options = send(HttpMethod.OPTIONS, uri, null);
      assertThat(options.statusCode()).as(uri).isEqualTo(204);
      assertThat(options.getHeader("Allow")).as(uri)
          .isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH");
    }
  }

  @Test
  void literal_path_answers_other_methods_405_with_its_own_allow_not_its_id_sibling() {
    // /items/import has POST only; /items/:id (GET, HEAD, PATCH, DELETE) must not take it.
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
        HttpMethod.PATCH, HttpMethod.DELETE}) {
      HttpResponse<Buffer> r = send(method, "/items/import", method == HttpMethod.GET
          || method == HttpMethod.HEAD || method == HttpMethod.DELETE ? null : "{}");
      assertThat(r.statusCode()).as(method.name()).isEqualTo(405);
      assertThat(r.getHeader("Allow")).as(method.name()).isEqualTo("OPTIONS, POST");
      if (method != HttpMethod.HEAD) {
        assertProblem(r, 405, "method-not-allowed");
      }
    }
    assertThat(send(HttpMethod.GET, "/items/import/", null).getHeader("Allow"))
        .isEqualTo("OPTIONS, POST");
    HttpResponse<Buffer> options = send(HttpMethod.OPTIONS, "/items/import", null);
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.getHeader("Allow")).isEqualTo("OPTIONS, POST");
    assertThat(send(HttpMethod.POST, "/items/import", "{}").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("imported", 0));
    assertThat(APP.get("/items/7").statusCode()).isEqualTo(200);
  }

  @Test
  void literal_path_declared_after_its_id_sibling_is_still_served_by_its_own_route() {
    assertThat(APP.get("/items/latest").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("latest", true));
    HttpResponse<Buffer> r = send(HttpMethod.PATCH, "/items/latest", "{}");
    assertProblem(r, 405, "method-not-allowed");
    assertThat(r.getHeader("Allow")).isEqualTo("GET, HEAD, OPTIONS");
  }

  @Test
  void nested_literal_path_is_not_taken_by_a_parameterised_route_declared_before_it() {
    assertThat(APP.get("/shelves/top/items/latest").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("latest", true));
    for (HttpMethod method : new HttpMethod[] {HttpMethod.PATCH, HttpMethod.POST,
        HttpMethod.DELETE}) {
      HttpResponse<Buffer> r = send(method, "/shelves/top/items/latest",
          method == HttpMethod.DELETE ? null : "{}");
      assertProblem(r, 405, "method-not-allowed");
      assertThat(r.getHeader("Allow")).as(method.name()).isEqualTo("GET, HEAD, OPTIONS");
    }
    assertThat(APP.get("/shelves/top/items/3").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("shelf", "top"));
    assertThat(send(HttpMethod.PATCH, "/shelves/top/items/3", "{}").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("shelf", "top"));
    assertThat(send(HttpMethod.DELETE, "/shelves/top/items/3", null).getHeader("Allow"))
        .isEqualTo("GET, HEAD, OPTIONS, PATCH");
  }

  @Test
  void options_is_204_with_allow_for_known_paths_and_404_otherwise() {
    HttpResponse<Buffer> known = send(HttpMethod.OPTIONS, "/items", null);
    assertThat(known.statusCode()).isEqualTo(204);
    assertThat(known.getHeader("Allow")).isEqualTo("OPTIONS, POST");
    assertThat(known.body()).isNull();
    assertProblem(send(HttpMethod.OPTIONS, "/nowhere", null), 404, "not-found");
  }

  @Test
  void request_id_is_echoed_when_valid() {
    assertThat(APP.get("/items/1", "X-Request-Id", "trace-1.a").getHeader("X-Request-Id"))
        .isEqualTo("trace-1.a");
    assertThat(APP.get("/items/1", "X-Request-Id", "no spaces allowed").getHeader("X-Request-Id"))
        .matches("[0-9a-f]{16,32}");
  }
}
