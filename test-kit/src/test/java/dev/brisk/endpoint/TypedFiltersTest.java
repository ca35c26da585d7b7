package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.BOOL;
import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.UUID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.Resource;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Filters on BOOL, NUMERIC, UUID and INT fields, against a real PostgreSQL. */
class TypedFiltersTest {

  private static final String HOST_1 = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a41";
  private static final String HOST_2 = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a42";

  /**
   * Room n (1..24) is active unless n is a multiple of 3, rated (n % 10) / 2 (0.0 to 4.5), has
   * host HOST_1 when n is odd, else HOST_2, and n % 4 + 1 beds.
   */
  static final class RoomsApp implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().query("DROP TABLE IF EXISTS typed_filter_rooms", Tuple.tuple())
          .compose(x -> context.db().query("CREATE TABLE typed_filter_rooms (id bigint PRIMARY "
              + "KEY, active boolean NOT NULL, rating numeric(2, 1) NOT NULL, host uuid NOT NULL, "
              + "beds int NOT NULL)", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO typed_filter_rooms SELECT g, g % 3 <> 0, "
              + "(g % 10) / 2.0, CASE WHEN g % 2 = 1 THEN $1::uuid ELSE $2::uuid END, g % 4 + 1 "
              + "FROM generate_series(1, 24) g", Tuple.of(HOST_1, HOST_2)))
          .mapEmpty();
    }

    // region typed-filters
    static final Resource ROOM = Resource.builder("room", "typed_filter_rooms", "r")
        .field("id", "id", LONG)
        .field("active", "active", BOOL)      // ?active=true
        .field("rating", "rating", NUMERIC)   // ?min_rating=4.5
        .field("host", "host", UUID)          // ?host=6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a41
        .field("beds", "beds", INT)           // ?beds=2
        .build();

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(ROOM, Pager.create(context.pages()))
          .filter(Filter.equalTo("active", "active"),
              Filter.atLeast("min_rating", "rating"), Filter.atMost("max_rating", "rating"),
              Filter.equalTo("rating", "rating"),
              Filter.id("host"),
              Filter.equalTo("beds", "beds"), Filter.atLeast("min_beds", "beds"))
          .sorts("rating")
          .build()
          .list(routes, Mount.at("/api/rooms", Access.open()));
    }
    // endregion typed-filters
  }

  private static final TestBrisk APP = TestBrisk.start(RoomsApp::new);

  @AfterAll
  static void stop() {
    APP.close();
  }

  private static JsonObject json(String uri) {
    HttpResponse<Buffer> r = APP.get(uri);
    assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static String refused(String uri) {
    HttpResponse<Buffer> r = APP.get(uri);
    assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo(Problem.TYPE_BASE + "invalid-parameter");
    return r.bodyAsJsonObject().getString("detail");
  }

  private static String firstCursor(String uri) {
    return json(uri).getJsonObject("page").getString("next_cursor");
  }

  /** The ids 1..24 that {@code rows} selects, in id order. */
  private static List<Long> rooms(LongPredicate rows) {
    return LongStream.rangeClosed(1, 24).filter(rows).boxed().toList();
  }

  private static BigDecimal rating(long n) {
    return BigDecimal.valueOf(n % 10).divide(BigDecimal.valueOf(2));
  }

  private static List<Long> walk(String uri) {
    return PageWalk.ids(APP, uri);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void a_boolean_selects_its_rows_across_pages() {
    assertThat(walk("/api/rooms?active=true&limit=5")).isEqualTo(rooms(n -> n % 3 != 0));
    assertThat(walk("/api/rooms?active=false&limit=5")).isEqualTo(rooms(n -> n % 3 == 0));
  }

  @Test
  void decimal_bounds_and_equality_compare_exactly() {
    assertThat(walk("/api/rooms?min_rating=4&limit=1"))
        .isEqualTo(rooms(n -> rating(n).compareTo(new BigDecimal("4")) >= 0));
    assertThat(walk("/api/rooms?min_rating=0.5&max_rating=1.0&limit=2"))
        .isEqualTo(rooms(n -> n % 10 >= 1 && n % 10 <= 2));
    assertThat(walk("/api/rooms?rating=4.50&limit=1")).isEqualTo(rooms(n -> n % 10 == 9))
        .isNotEmpty();
    // A value past the column's numeric(2, 1) compares as a number, not an overflow.
    assertThat(walk("/api/rooms?max_rating=" + "9".repeat(40))).hasSize(24);
    assertThat(walk("/api/rooms?min_rating=0.000000000000000000000000000000000001"))
        .isEqualTo(rooms(n -> n % 10 != 0));
    // Sorted by the decimal, ties by id, across pages.
    assertThat(walk("/api/rooms?max_rating=0.5&sort=-rating&limit=2"))
        .containsExactly(21L, 11L, 1L, 20L, 10L);
  }

  @Test
  void a_uuid_id_selects_its_rows_in_either_case() {
    assertThat(walk("/api/rooms?host=" + HOST_1 + "&limit=7")).isEqualTo(rooms(n -> n % 2 == 1));
    assertThat(walk("/api/rooms?host=" + HOST_2.toUpperCase() + "&active=true&min_rating=2"
        + "&limit=3")).isEqualTo(rooms(n -> n % 2 == 0 && n % 3 != 0 && n % 10 >= 4));
    assertThat(walk("/api/rooms?host=00000000-0000-0000-0000-000000000000")).isEmpty();
  }

  @Test
  void an_int_field_takes_equality_and_states_its_range() {
    assertThat(walk("/api/rooms?beds=2&limit=4")).isEqualTo(rooms(n -> n % 4 == 1));
    assertThat(refused("/api/rooms?min_beds=99999999999999999999")).isEqualTo("min_beds must be "
        + "an integer from 0 to 2147483647, was '99999999999999999999'");
  }

  @Test
  void a_cursor_is_refused_with_another_value_of_its_filter() {
    String active = firstCursor("/api/rooms?active=true&limit=2");
    assertThat(json("/api/rooms?active=true&limit=2&cursor=" + enc(active))
        .getJsonArray("data")).hasSize(2);
    assertThat(refused("/api/rooms?active=false&limit=2&cursor=" + enc(active)))
        .contains("cursor");

    // 4.50 and 4.5 are one value; 4.6 is another.
    String rating = firstCursor("/api/rooms?min_rating=4.5&limit=1");
    assertThat(json("/api/rooms?min_rating=4.50&limit=1&cursor=" + enc(rating))
        .getJsonArray("data")).hasSize(1);
    assertThat(refused("/api/rooms?min_rating=4.6&limit=1&cursor=" + enc(rating)))
        .contains("cursor");

    String host = firstCursor("/api/rooms?host=" + HOST_1 + "&limit=2");
    assertThat(json("/api/rooms?host=" + HOST_1.toUpperCase() + "&limit=2&cursor=" + enc(host))
        .getJsonArray("data")).hasSize(2);
    assertThat(refused("/api/rooms?host=" + HOST_2 + "&limit=2&cursor=" + enc(host)))
        .contains("cursor");
  }

  @Test
  void malformed_values_are_400_naming_what_is_accepted() {
    assertThat(refused("/api/rooms?active=1")).isEqualTo("active must be true or false, was '1'");
    assertThat(refused("/api/rooms?active=TRUE")).startsWith("active must be true or false");
    assertThat(refused("/api/rooms?min_rating=1e3")).startsWith("min_rating must be a decimal "
        + "number such as 4.5");
    assertThat(refused("/api/rooms?rating=NaN")).startsWith("rating must be a decimal number");
    assertThat(refused("/api/rooms?host=" + enc("{" + HOST_1 + "}")))
        .startsWith("host must be a UUID such as");
    assertThat(refused("/api/rooms?host=" + HOST_1.replace("-", "")))
        .startsWith("host must be a UUID such as");
  }

  @Test
  void the_description_states_each_filters_type() {
    JsonObject list = json("/openapi.json").getJsonObject("paths").getJsonObject("/api/rooms")
        .getJsonObject("get");
    List<String> schemas = new ArrayList<>();
    list.getJsonArray("parameters").forEach(o -> {
      JsonObject p = (JsonObject) o;
      if (List.of("active", "min_rating", "host", "beds").contains(p.getString("name"))) {
        schemas.add(p.getString("name") + ":" + p.getJsonObject("schema").encode());
      }
    });
    assertThat(schemas).containsExactlyInAnyOrder("active:{\"type\":\"boolean\"}",
        "min_rating:{\"type\":\"number\"}", "host:{\"type\":\"string\",\"format\":\"uuid\"}",
        "beds:{\"type\":\"integer\",\"format\":\"int32\",\"maximum\":2147483647}");
  }
}
