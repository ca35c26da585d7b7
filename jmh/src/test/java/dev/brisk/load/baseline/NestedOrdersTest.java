package dev.brisk.load.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import dev.brisk.shop.ShopApp;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baseline's one-statement nested orders page answers what Brisk answers on the small
 * dataset: same orders, lines, products, categories and users, members in the same order; only
 * the cursor strings differ (Brisk signs its cursors).
 */
class NestedOrdersTest {

  private static final String URI = "/api/orders?limit=100&fields="
      + URLEncoder.encode(NestedOrders.FIELDS, StandardCharsets.UTF_8);

  private static TestBrisk brisk;
  private static Vertx vertx;
  private static BaselineServer baseline;
  private static WebClient client;

  @BeforeAll
  static void start() {
    brisk = TestBrisk.start(ShopApp::new, Map.of("dataset", "small"));
    vertx = Vertx.vertx();
    baseline = TestBrisk.await(BaselineServer.start(vertx,
        BaselineOptions.defaults(DevServices.shared().pgUrl())));
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    client.close();
    TestBrisk.await(baseline.close());
    TestBrisk.await(vertx.close());
    brisk.close();
  }

  @Test
  void first_page_equals_brisks_answer() {
    JsonObject ours = baseline(URI);
    JsonObject theirs = brisk(URI);

    assertThat(ours.getJsonArray("data")).hasSize(100);
    assertThat(ours.getJsonArray("data")).isEqualTo(theirs.getJsonArray("data"));
    assertSamePaging(ours, theirs);
  }

  @Test
  void member_order_matches_brisk() {
    JsonObject first = baseline(URI).getJsonArray("data").getJsonObject(0);
    JsonObject expected = brisk(URI).getJsonArray("data").getJsonObject(0);

    assertThat(first.fieldNames()).containsExactlyElementsOf(expected.fieldNames());
    JsonObject item = first.getJsonArray("items").getJsonObject(0);
    assertThat(item.fieldNames()).containsExactlyElementsOf(
        expected.getJsonArray("items").getJsonObject(0).fieldNames());
  }

  @Test
  void each_cursor_leads_to_the_same_second_page() {
    JsonObject ours = baseline(URI);
    JsonObject theirs = brisk(URI);

    JsonObject ourNext = baseline(URI + "&cursor=" + next(ours));
    JsonObject theirNext = brisk(URI + "&cursor=" + next(theirs));

    assertThat(ourNext.getJsonArray("data").getJsonObject(0).getLong("id")).isEqualTo(101L);
    assertThat(ourNext.getJsonArray("data")).isEqualTo(theirNext.getJsonArray("data"));
    assertSamePaging(ourNext, theirNext);
  }

  private static void assertSamePaging(JsonObject ours, JsonObject theirs) {
    JsonObject a = ours.getJsonObject("page");
    JsonObject b = theirs.getJsonObject("page");
    assertThat(a.getInteger("limit")).isEqualTo(b.getInteger("limit"));
    assertThat(a.getBoolean("has_more")).isEqualTo(b.getBoolean("has_more"));
    assertThat(a.getString("prev_cursor")).isNull();
    assertThat(a.getString("next_cursor") == null).isEqualTo(b.getString("next_cursor") == null);
  }

  private static String next(JsonObject page) {
    return URLEncoder.encode(page.getJsonObject("page").getString("next_cursor"),
        StandardCharsets.UTF_8);
  }

  private static JsonObject brisk(String uri) {
    HttpResponse<Buffer> r = brisk.get(uri, "X-API-Key", "demo-internal");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject baseline(String uri) {
    HttpResponse<Buffer> r = TestBrisk.await(client.get(baseline.port(), "127.0.0.1", uri)
        .send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    return r.bodyAsJsonObject();
  }
}
