package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.LONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.Resource;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An export of a parent's rows ({@code /api/shelves/:id/tomes/export}) answers 404 for a parent
 * that does not exist, as a list of them does, through its mount's check.
 */
class ExportCheckTest {

  /** Shelves 1 and 2; tomes 1..3 on shelf 1, none on shelf 2. */
  static final class ShelvesApp implements BriskApp {
    static final Resource TOME = Resource.builder("tome", "export_check_tomes", "t")
        .field("id", "id", LONG)
        .field("shelf_id", "shelf_id", LONG)
        .build();

    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().query("DROP TABLE IF EXISTS export_check_tomes, "
              + "export_check_shelves", Tuple.tuple())
          .compose(x -> context.db().query("CREATE TABLE export_check_shelves "
              + "(id bigint PRIMARY KEY)", Tuple.tuple()))
          .compose(x -> context.db().query("CREATE TABLE export_check_tomes (id bigint "
              + "PRIMARY KEY, shelf_id bigint NOT NULL)", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO export_check_shelves VALUES (1), (2)",
              Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO export_check_tomes "
              + "SELECT g, 1 FROM generate_series(1, 3) g", Tuple.tuple()))
          .mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(TOME, null)
          .restrict("shelf", "t.shelf_id = ?", ctx -> Requests.pathId(ctx, "id"))
          .build()
          .export(routes, Mount.at("/api/shelves/:id/tomes/export", Access.open())
              .withCheck(ctx -> shelfExists(context, Requests.pathId(ctx, "id"))),
              context.streams());
    }

    private static Future<Void> shelfExists(BriskContext context, long id) {
      return context.db().query("SELECT 1 FROM export_check_shelves WHERE id = $1",
          Tuple.of(id)).compose(rows -> rows.size() == 0
              ? Future.failedFuture(Problem.notFound("Shelf " + id + " does not exist"))
              : Future.succeededFuture());
    }
  }

  private static final TestBrisk APP = TestBrisk.start(ShelvesApp::new);

  @AfterAll
  static void stop() {
    TestBrisk.await(APP.running().context().db().query(
        "DROP TABLE export_check_tomes, export_check_shelves"));
    APP.close();
  }

  @Test
  void streams_the_rows_of_a_parent_that_exists() {
    HttpResponse<Buffer> tomes = APP.get("/api/shelves/1/tomes/export?fields=id");
    assertThat(tomes.statusCode()).as(tomes.bodyAsString()).isEqualTo(200);
    assertThat(tomes.bodyAsString().lines()).containsExactly("{\"id\":1}", "{\"id\":2}",
        "{\"id\":3}");
    HttpResponse<Buffer> empty = APP.get("/api/shelves/2/tomes/export");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.bodyAsString()).isNullOrEmpty();
  }

  @Test
  void answers_404_for_a_parent_that_does_not_exist_before_streaming() {
    HttpResponse<Buffer> absent = APP.get("/api/shelves/3/tomes/export");
    assertThat(absent.statusCode()).as(absent.bodyAsString()).isEqualTo(404);
    assertThat(absent.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(absent.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Shelf 3 does not exist");
  }

  @Test
  void a_malformed_parent_id_is_a_400_before_the_check() {
    HttpResponse<Buffer> bad = APP.get("/api/shelves/x/tomes/export");
    assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("detail"))
        .isEqualTo("id must be an integer from 1 to 9223372036854775807, was 'x'");
  }
}
