package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An export in a declared sort ({@code sort=starts_at}) streams by the sort key, then id, and its
 * SSE event ids are signed keyset positions that resume after the row, in the middle of a run of
 * equal keys too; a position that was altered or minted for another sort is a 400 naming
 * {@code Last-Event-ID}. Without {@code sort} the export is in id order with ids as event ids.
 */
class SortedExportTest {

  /**
   * Sessions 1..9 in rooms 1 and 2, starting at four times with ties: by start, then id, they
   * are 2, 4, 7 | 3, 6, 9 | 1, 5 | 8.
   */
  static final class SessionsApp implements BriskApp {
    static final Resource ROOM = Resource.builder("room", "sorted_export_rooms", "r")
        .field("id", "id", LONG)
        .field("name", "name", TEXT)
        .build();
    static final Resource SESSION = Resource.builder("session", "sorted_export_sessions", "s")
        .field("id", "id", LONG)
        .field("room_id", "room_id", LONG)
        .field("starts_at", "starts_at", TIMESTAMP)
        .embedOne("room", "room_id", ROOM)
        .build();

    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().query("DROP TABLE IF EXISTS sorted_export_sessions, "
              + "sorted_export_rooms", Tuple.tuple())
          .compose(x -> context.db().query("CREATE TABLE sorted_export_rooms (id bigint "
              + "PRIMARY KEY, name text NOT NULL)", Tuple.tuple()))
          .compose(x -> context.db().query("CREATE TABLE sorted_export_sessions (id bigint "
              + "PRIMARY KEY, room_id bigint NOT NULL, starts_at timestamptz NOT NULL)",
              Tuple.tuple()))
          .compose(x -> context.db().query("CREATE INDEX ON sorted_export_sessions "
              + "(starts_at, id)", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO sorted_export_rooms VALUES "
              + "(1, 'North'), (2, 'South')", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO sorted_export_sessions VALUES "
              + "(1, 1, '2030-01-01T03:00Z'), (2, 2, '2030-01-01T01:00Z'), "
              + "(3, 1, '2030-01-01T02:00Z'), (4, 1, '2030-01-01T01:00Z'), "
              + "(5, 2, '2030-01-01T03:00Z'), (6, 2, '2030-01-01T02:00Z'), "
              + "(7, 1, '2030-01-01T01:00Z'), (8, 2, '2030-01-01T04:00Z'), "
              + "(9, 1, '2030-01-01T02:00Z')", Tuple.tuple()))
          .mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(SESSION, Pager.create(context.pages()))
          .filter(Filter.id("room_id"))
          .sorts("starts_at")
          .build()
          .list(routes, Mount.at("/api/sessions", Access.open()))
          .export(routes, Mount.at("/api/sessions/export", Access.open()), context.streams());
      context.endpoint(ROOM, null)
          .build()
          .export(routes, Mount.at("/api/rooms/export", Access.open()), context.streams());
    }
  }

  private static final TestBrisk APP = TestBrisk.start(SessionsApp::new);
  private static final String SSE = "text/event-stream";

  @AfterAll
  static void stop() {
    TestBrisk.await(APP.running().context().db().query(
        "DROP TABLE sorted_export_sessions, sorted_export_rooms"));
    APP.close();
  }

  @Test
  void streams_by_the_sort_key_then_id_in_every_format() {
    assertThat(ids(APP.get("/api/sessions/export?sort=starts_at&fields=id")))
        .containsExactly(2L, 4L, 7L, 3L, 6L, 9L, 1L, 5L, 8L);
    assertThat(ids(APP.get("/api/sessions/export?sort=-starts_at&fields=id")))
        .containsExactly(8L, 5L, 1L, 9L, 6L, 3L, 7L, 4L, 2L);
    assertThat(ids(APP.get("/api/sessions/export?sort=starts_at&room_id=1&fields=id")))
        .containsExactly(4L, 7L, 3L, 9L, 1L);
    HttpResponse<Buffer> array = APP.get("/api/sessions/export?sort=-id&fields=id",
        "Accept", "application/json");
    assertThat(array.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getLong("id")))
        .containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    // With embeds, rows are rendered per chunk in the same order.
    HttpResponse<Buffer> embedded = APP.get(
        "/api/sessions/export?sort=starts_at&fields=id,room(name)");
    assertThat(embedded.bodyAsString().lines().limit(2)).containsExactly(
        "{\"id\":2,\"room\":{\"name\":\"South\"}}", "{\"id\":4,\"room\":{\"name\":\"North\"}}");
  }

  @Test
  void without_sort_the_export_is_in_id_order_with_ids_as_event_ids() {
    assertThat(ids(APP.get("/api/sessions/export?fields=id")))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(ids(APP.get("/api/sessions/export?sort=&fields=id")))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    List<String[]> events = events(APP.get("/api/sessions/export?fields=id", "Accept", SSE,
        "Last-Event-ID", "6"));
    assertThat(events).extracting(e -> e[0]).containsExactly("7", "8", "9");
  }

  @Test
  void sse_resumes_after_the_position_in_the_middle_of_equal_keys() {
    for (String fields : List.of("id", "id,room(name)")) {
      String export = "/api/sessions/export?sort=starts_at&fields=" + fields;
      List<String[]> all = events(APP.get(export, "Accept", SSE));
      assertThat(all).extracting(e -> new JsonObject(e[1]).getLong("id"))
          .containsExactly(2L, 4L, 7L, 3L, 6L, 9L, 1L, 5L, 8L);
      // Session 6 is the second of three starting at 02:00: the resume goes on with 9, not 3.
      String afterSix = all.get(4)[0];
      assertThat(afterSix).isNotEqualTo("6");
      List<String[]> resumed = events(APP.get(export, "Accept", SSE, "Last-Event-ID", afterSix));
      assertThat(resumed).extracting(e -> new JsonObject(e[1]).getLong("id"))
          .containsExactly(9L, 1L, 5L, 8L);
      // Resumed events carry positions that resume in turn.
      List<String[]> again = events(APP.get(export, "Accept", SSE, "Last-Event-ID",
          resumed.get(1)[0]));
      assertThat(again).extracting(e -> new JsonObject(e[1]).getLong("id"))
          .containsExactly(5L, 8L);
    }
    // A position holds once its row has moved: session 4 starts at 05:00 now, 7 comes next.
    String afterFour = events(APP.get("/api/sessions/export?sort=starts_at&fields=id",
        "Accept", SSE)).get(1)[0];
    TestBrisk.await(APP.running().context().db().query(
        "UPDATE sorted_export_sessions SET starts_at = '2030-01-01T05:00Z' WHERE id = 4"));
    try {
      assertThat(events(APP.get("/api/sessions/export?sort=starts_at&fields=id", "Accept",
          SSE, "Last-Event-ID", afterFour))).extracting(e -> new JsonObject(e[1]).getLong("id"))
          .containsExactly(7L, 3L, 6L, 9L, 1L, 5L, 8L, 4L);
    } finally {
      TestBrisk.await(APP.running().context().db().query(
          "UPDATE sorted_export_sessions SET starts_at = '2030-01-01T01:00Z' WHERE id = 4"));
    }
  }

  @Test
  void an_unknown_sort_is_a_400_naming_the_sorts() {
    HttpResponse<Buffer> bad = APP.get("/api/sessions/export?sort=room_id");
    assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(400);
    assertThat(bad.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = bad.bodyAsJsonObject();
    assertThat(problem.getString("detail")).isEqualTo(
        "sort must be one of id, -id, starts_at, -starts_at, was 'room_id'");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("?sort");
    // Without a pager an export has no signed positions, so it offers no sort.
    HttpResponse<Buffer> unsortable = APP.get("/api/rooms/export?sort=id");
    assertThat(unsortable.statusCode()).as(unsortable.bodyAsString()).isEqualTo(400);
    assertThat(unsortable.bodyAsJsonObject().getString("detail")).contains("sort");
  }

  @Test
  void a_tampered_or_foreign_last_event_id_is_a_400_naming_it() {
    String export = "/api/sessions/export?sort=starts_at&fields=id";
    String position = events(APP.get(export, "Accept", SSE)).get(3)[0];
    char last = position.charAt(position.length() - 8);
    String tampered = position.substring(0, position.length() - 8) + (last == 'A' ? 'B' : 'A')
        + position.substring(position.length() - 7);
    assertRefused(export, tampered, "signature");
    // A position of another sort, of other filters, an id, a list's cursor: none is one of this
    // stream.
    assertRefused("/api/sessions/export?sort=-starts_at&fields=id", position,
        "different sort");
    assertRefused(export + "&room_id=1", position, "different sort");
    assertRefused(export, "6", "not a valid");
    String cursor = APP.get("/api/sessions?sort=starts_at&limit=2").bodyAsJsonObject()
        .getJsonObject("page").getString("next_cursor");
    assertRefused(export, cursor, "different sort");
    // The other formats ignore Last-Event-ID, as they do in id order.
    assertThat(ids(APP.get(export, "Last-Event-ID", tampered))).hasSize(9);
  }

  @Test
  void the_description_offers_the_sorts_and_a_string_resume_header() {
    JsonObject paths = APP.get("/openapi.json").bodyAsJsonObject().getJsonObject("paths");
    JsonObject sorted = paths.getJsonObject("/api/sessions/export").getJsonObject("get");
    JsonObject sort = param(sorted, "sort");
    assertThat(sort.getJsonObject("schema").getJsonArray("enum"))
        .isEqualTo(new JsonArray(List.of("id", "-id", "starts_at", "-starts_at")));
    assertThat(param(sorted, "Last-Event-ID").getJsonObject("schema").getString("type"))
        .isEqualTo("string");
    JsonObject plain = paths.getJsonObject("/api/rooms/export").getJsonObject("get");
    assertThat(param(plain, "sort")).isNull();
    assertThat(param(plain, "Last-Event-ID").getJsonObject("schema").getString("type"))
        .isEqualTo("integer");
  }

  private static void assertRefused(String export, String lastEventId, String reason) {
    HttpResponse<Buffer> refused = APP.get(export, "Accept", SSE, "Last-Event-ID", lastEventId);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("detail"))
        .startsWith("Last-Event-ID is not a position of this stream").contains(reason);
  }

  private static JsonObject param(JsonObject operation, String name) {
    for (Object p : operation.getJsonArray("parameters")) {
      if (((JsonObject) p).getString("name").equals(name)) {
        return (JsonObject) p;
      }
    }
    return null;
  }

  private static List<Long> ids(HttpResponse<Buffer> ndjson) {
    assertThat(ndjson.statusCode()).as(ndjson.bodyAsString()).isEqualTo(200);
    return ndjson.bodyAsString().lines().map(l -> new JsonObject(l).getLong("id")).toList();
  }

  /** The data events of an SSE body: their id and data. */
  private static List<String[]> events(HttpResponse<Buffer> sse) {
    assertThat(sse.statusCode()).as(sse.bodyAsString()).isEqualTo(200);
    List<String[]> events = new ArrayList<>();
    for (String block : sse.bodyAsString().split("\n\n")) {
      if (block.contains("event: session")) {
        String id = null;
        String data = null;
        for (String line : block.split("\n")) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("data: ")) {
            data = line.substring(6);
          }
        }
        events.add(new String[] {id, data});
      }
    }
    assertThat(sse.bodyAsString()).contains("event: end");
    return events;
  }
}
