package dev.brisk.docs;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/testing.md: a test class isolated in a table of its own on the database every test class
 * shares, and the production rate limits a {@code TestBrisk} app runs with unless told others.
 */
class TestKitExampleTest {

  // region isolated
  /** This class's own table: every test class of the JVM runs on the same database. */
  private static final String TABLE = "notes_" + UUID.randomUUID().toString().replace("-", "");
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(NotesApp::new, Map.of("notes-table", TABLE));
  }

  @AfterAll
  static void stop() {
    TestBrisk.await(app.running().context().db().query("DROP TABLE " + TABLE));
    app.close();
  }
  // endregion isolated

  // region limits
  @Test
  void production_rate_limits_apply_unless_the_test_sets_others() {
    HttpResponse<Buffer> limited = app.get("/api/notes/1");
    assertThat(limited.bodyAsJsonObject().getString("title")).isEqualTo("Hello");
    // Anonymous callers: 50/s, burst 100, counted in the shared Redis for every app on it.
    assertThat(limited.getHeader("RateLimit-Policy")).isEqualTo("\"anonymous\";q=100;w=2");
    try (TestBrisk unlimited = TestBrisk.start(NotesApp::new,
        Map.of("notes-table", TABLE, "rate-limiting", "off"))) {
      HttpResponse<Buffer> free = unlimited.get("/api/notes/1");
      assertThat(free.statusCode()).isEqualTo(200);
      assertThat(free.getHeader("RateLimit-Policy")).isNull();
    }
  }
  // endregion limits

  /** Notes in the table its {@code notes-table} setting names. */
  static final class NotesApp implements BriskApp {

    @Override
    public Future<Void> start(BriskContext context) {
      String table = context.config().require("notes-table");
      return context.db().query("CREATE TABLE IF NOT EXISTS " + table
              + " (id bigint PRIMARY KEY, title text NOT NULL)")
          .compose(x -> context.db().query("INSERT INTO " + table + " VALUES (1, 'Hello') "
              + "ON CONFLICT (id) DO NOTHING"))
          .mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      Resource note = Resource.builder("note", context.config().require("notes-table"), "n")
          .field("id", "id", LONG)
          .field("title", "title", TEXT)
          .build();
      ResourceReader notes = context.reader(note, null);
      routes.get("/api/notes/:id", Access.open(), rc -> notes
          .byId(FieldMask.parse(note, Requests.single(rc, "fields")), Requests.pathId(rc, "id"))
          .map(Reply::ok));
    }
  }
}
