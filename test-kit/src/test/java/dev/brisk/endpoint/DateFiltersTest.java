package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.DATE;
import static dev.brisk.fields.FieldType.LONG;
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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** atLeast / atMost on DATE and TIMESTAMP fields, against a real PostgreSQL. */
class DateFiltersTest {

  /** Release n (1..30) is on 2024-01-n at n:00 UTC. */
  static final class ReleasesApp implements BriskApp {
    // Here, not in the test class: the routes run while the test class is still initializing.
    static final Resource RELEASE = Resource.builder("release", "date_filter_releases", "r")
        .field("id", "id", LONG)
        .field("day", "day", DATE)
        .field("at", "at", TIMESTAMP)
        .build();

    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().query("DROP TABLE IF EXISTS date_filter_releases", Tuple.tuple())
          .compose(x -> context.db().query("CREATE TABLE date_filter_releases (id bigint "
              + "PRIMARY KEY, day date NOT NULL, at timestamptz NOT NULL)", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO date_filter_releases SELECT g, "
              + "DATE '2023-12-31' + g, TIMESTAMPTZ '2023-12-31 00:00Z' + g * interval '1 day' "
              + "+ g * interval '1 hour' FROM generate_series(1, 30) g", Tuple.tuple()))
          .mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      context.endpoint(RELEASE, Pager.create(context.pages()))
          .filter(Filter.atLeast("from", "day"), Filter.atMost("until", "day"),
              Filter.atLeast("since", "at"), Filter.atMost("before", "at"))
          .sorts("day")
          .build()
          .list(routes, Mount.at("/api/releases", Access.open()))
          .export(routes, Mount.at("/api/releases/export", Access.open()), context.streams());
    }
  }

  private static final TestBrisk APP = TestBrisk.start(ReleasesApp::new);

  @AfterAll
  static void stop() {
    APP.close();
  }

  private static List<Long> walk(String uri) {
    return PageWalk.ids(APP, uri);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void a_date_range_selects_its_days_across_pages() {
    assertThat(walk("/api/releases?from=2024-01-10&until=2024-01-14&sort=-day&limit=2"))
        .containsExactly(14L, 13L, 12L, 11L, 10L);
  }

  @Test
  void a_timestamp_bound_compares_instants_whatever_the_offset() {
    // Release 10 is at 2024-01-10T10:00Z, which is 11:00 at +01:00.
    assertThat(walk("/api/releases?since=" + enc("2024-01-10T11:00:00+01:00") + "&before="
        + enc("2024-01-12T12:00Z") + "&limit=2")).containsExactly(10L, 11L, 12L);
  }

  @Test
  void the_export_takes_the_same_bounds() {
    HttpResponse<Buffer> r = APP.get("/api/releases/export?from=2024-01-29&fields=id,day");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString().lines().toList()).containsExactly(
        "{\"id\":29,\"day\":\"2024-01-29\"}", "{\"id\":30,\"day\":\"2024-01-30\"}");
  }

  @Test
  void malformed_values_are_400_and_the_description_says_their_format() {
    HttpResponse<Buffer> bad = APP.get("/api/releases?from=2024-02-30");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("detail"))
        .isEqualTo("from must be a date such as 2024-01-31, was '2024-02-30'");
    assertThat(APP.get("/api/releases?since=2024-01-10").statusCode()).isEqualTo(400);
    JsonObject list = APP.get("/openapi.json").bodyAsJsonObject().getJsonObject("paths")
        .getJsonObject("/api/releases").getJsonObject("get");
    List<String> formats = new ArrayList<>();
    list.getJsonArray("parameters").forEach(o -> {
      JsonObject p = (JsonObject) o;
      if (List.of("from", "since").contains(p.getString("name"))) {
        formats.add(p.getString("name") + ":" + p.getJsonObject("schema").getString("format"));
      }
    });
    assertThat(formats).containsExactlyInAnyOrder("from:date", "since:date-time");
  }
}
