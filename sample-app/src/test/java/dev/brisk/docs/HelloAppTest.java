package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's first snippet serves what the README says it does. */
class HelloAppTest {

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(HelloApp::new);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void serves_a_note_with_only_the_selected_fields() {
    HttpResponse<Buffer> r = app.get("/api/notes/1?fields=title");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().encode()).isEqualTo("{\"title\":\"Hello\"}");
  }

  @Test
  void answers_problems_for_unknown_fields_and_absent_notes() {
    HttpResponse<Buffer> unknown = app.get("/api/notes/1?fields=colour");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.getHeader("Content-Type")).startsWith("application/problem+json");
    // Given twice, fields is refused as every parameter is, not read as its first value.
    HttpResponse<Buffer> repeated = app.get("/api/notes/1?fields=title&fields=id");
    assertThat(repeated.statusCode()).isEqualTo(400);
    assertThat(repeated.bodyAsJsonObject().getString("detail"))
        .isEqualTo("fields must be given at most once");
    HttpResponse<Buffer> absent = app.get("/api/notes/404");
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(absent.bodyAsJsonObject().getString("detail")).isEqualTo("Note 404 does not exist");
  }
}
