package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.Resource;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A restriction reads the rows its value selects, every row only for
 * {@link ResourceEndpoint#unrestricted()}, and fails closed when its function gives null.
 */
class RestrictionsTest {

  /** Notes 1..4; notes 1 and 2 belong to owner 7, 3 and 4 to owner 8. */
  static final class NotesApp implements BriskApp {
    static final Resource NOTE = Resource.builder("note", "restrictions_notes", "n")
        .field("id", "id", LONG)
        .field("owner", "owner", LONG)
        .build();

    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().query("DROP TABLE IF EXISTS restrictions_notes", Tuple.tuple())
          .compose(x -> context.db().query("CREATE TABLE restrictions_notes "
              + "(id bigint PRIMARY KEY, owner bigint NOT NULL)", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO restrictions_notes VALUES "
              + "(1, 7), (2, 7), (3, 8), (4, 8)", Tuple.tuple()))
          .mapEmpty();
    }

    /** The owner the {@code X-Owner} header names, every row for {@code all}, else null. */
    private static Object owner(RoutingContext ctx) {
      String owner = ctx.request().getHeader("X-Owner");
      return owner == null ? null
          : owner.equals("all") ? ResourceEndpoint.unrestricted() : (Object) Long.valueOf(owner);
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(NOTE, context.shared("pager", () -> Pager.create(context.pages())))
          .restrict("owner", "n.owner = ?", NotesApp::owner)
          .build()
          .list(routes, Mount.at("/api/notes", Access.open()))
          .export(routes, Mount.at("/api/notes/export", Access.open()), context.streams());
    }
  }

  private static final TestBrisk APP = TestBrisk.start(NotesApp::new);

  @AfterAll
  static void stop() {
    TestBrisk.await(APP.running().context().db().query("DROP TABLE restrictions_notes"));
    APP.close();
  }

  private static List<Long> ids(HttpResponse<Buffer> page) {
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("data").stream()
        .map(row -> ((JsonObject) row).getLong("id")).toList();
  }

  @Test
  void a_value_selects_its_rows_and_unrestricted_reads_every_row() {
    assertThat(ids(APP.get("/api/notes?fields=id", "X-Owner", "7"))).containsExactly(1L, 2L);
    assertThat(ids(APP.get("/api/notes?fields=id", "X-Owner", "all")))
        .containsExactly(1L, 2L, 3L, 4L);
    HttpResponse<Buffer> export = APP.get("/api/notes/export?fields=id", "X-Owner", "8");
    assertThat(export.bodyAsString().lines()).containsExactly("{\"id\":3}", "{\"id\":4}");
  }

  @Test
  void null_fails_the_request_instead_of_reading_every_row() {
    for (String path : List.of("/api/notes", "/api/notes/export")) {
      HttpResponse<Buffer> refused = APP.get(path);
      assertThat(refused.statusCode()).as(path).isEqualTo(500);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.bodyAsString()).doesNotContain("\"id\":1").doesNotContain("owner");
    }
  }
}
