package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.BriskContext;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stream and embed settings ({@code --sse-heartbeat}, {@code --sse-retry},
 * {@code --stream-stall-timeout}, {@code --embed-max-per-parent}, {@code --max-rows-per-request})
 * are ordinary settings: given in a settings map they reach every shop endpoint, each started
 * with {@code context.endpoint(...)}, and a bad value fails startup naming the option.
 */
class StreamAndEmbedSettingsTest {

  private static final String KEY = "X-API-Key";
  private static final String INTERNAL = "demo-internal";
  private static TestBrisk app;

  @BeforeAll
  static void start() {
    // The cache on: other apps on the shared Redis cache representations with 100 products,
    // under keys of another variant.
    app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small",
        "sse-heartbeat", "PT5S", "sse-retry", "7s", "stream-stall-timeout", "45000",
        "embed-max-per-parent", "3", "max-rows-per-request", "50"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void the_settings_become_the_contexts_options() {
    BriskContext context = app.running().context();

    assertThat(context.streamOptions().heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(context.streamOptions().retry()).isEqualTo(Duration.ofSeconds(7));
    assertThat(context.streamOptions().stallTimeout()).isEqualTo(Duration.ofSeconds(45));
    // The tiers' budgets follow the rows per request: a quarter for the lowest, three quarters
    // between, all of it for the highest.
    assertThat(context.embedLimits()).isEqualTo(new EmbedLimits(3, 50,
        Map.of("anonymous", 12L, "free", 38L, "pro", 38L)));
  }

  @Test
  void an_sse_export_sends_the_configured_retry() {
    HttpResponse<Buffer> r = app.get("/api/categories/export?fields=id", "Accept",
        "text/event-stream", KEY, INTERNAL);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).startsWith("retry: 7000\n\n");
  }

  @Test
  void a_category_embeds_the_configured_products_per_parent() {
    JsonObject category = new JsonObject(app.get("/api/categories/1?fields=id,products(id)",
        KEY, INTERNAL).bodyAsString());

    assertThat(category.getJsonArray("products")).hasSize(3);
    assertThat(category.getBoolean("products_has_more")).isTrue();
  }

  @Test
  void every_shop_endpoint_takes_the_settings() {
    // 10 orders of 1 to 5 items: some capped at 3; at most 30 embedded rows fit in 50.
    JsonArray orders = new JsonObject(app.get("/api/orders?limit=10&fields=id,items(quantity)",
        KEY, INTERNAL).bodyAsString()).getJsonArray("data");
    HttpResponse<Buffer> export = app.get("/api/products/export?fields=id&category_id=1",
        "Accept", "text/event-stream", KEY, INTERNAL);

    assertThat(orders).hasSize(10).allSatisfy(o -> assertThat(((JsonObject) o)
        .getJsonArray("items").size()).isLessThanOrEqualTo(3));
    assertThat(orders).anySatisfy(o -> assertThat(((JsonObject) o)
        .getBoolean("items_has_more")).isTrue());
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.bodyAsString()).startsWith("retry: 7000\n\n");
  }

  @Test
  void a_request_over_the_configured_row_budget_is_413() {
    // 10 categories x 3 products fit in 50 embedded rows; 20 x 3 do not.
    assertThat(app.get("/api/categories?limit=10&fields=id,products(id)", KEY, INTERNAL)
        .statusCode()).isEqualTo(200);
    HttpResponse<Buffer> r = app.get("/api/categories?limit=20&fields=id,products(id)", KEY,
        INTERNAL);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsString()).contains("more than 50 ");
  }

  @Test
  void the_budget_counts_every_copy_of_a_shared_embed() {
    // One category shared by every product of the page: each copy of it, with its 3 products,
    // is in the response, so 12 products embed 12 x (1 + 3) = 48 rows and 13 embed 52. A count
    // of what the loaders read (1 category, 3 products) would let any page through.
    String page = "/api/products?category_id=1&fields=id,category(id,products(id))&limit=";
    HttpResponse<Buffer> fits = app.get(page + 12, KEY, INTERNAL);
    assertThat(fits.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(fits.bodyAsString()).getJsonArray("data")).hasSize(12)
        .allSatisfy(p -> assertThat(((JsonObject) p).getJsonObject("category")
            .getJsonArray("products")).hasSize(3));

    HttpResponse<Buffer> over = app.get(page + 13, KEY, INTERNAL);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(over.bodyAsString()).contains("more than 50 ");
  }

  @Test
  void a_bad_value_fails_startup_naming_the_option() {
    assertThatThrownBy(() -> TestBrisk.start(ShopApp::new, Map.of("sse-heartbeat", "0s")))
        .hasMessage("sse-heartbeat must be positive, was PT0S");
    assertThatThrownBy(() -> TestBrisk.start(ShopApp::new, Map.of("sse-retry", "soon")))
        .hasMessageStartingWith("sse-retry must be a duration");
    assertThatThrownBy(() -> TestBrisk.start(ShopApp::new,
        Map.of("embed-max-per-parent", "0")))
        .hasMessage("embed-max-per-parent must be >= 1, was 0");
    assertThatThrownBy(() -> TestBrisk.start(ShopApp::new,
        Map.of("max-rows-per-request", "lots")))
        .hasMessage("max-rows-per-request must be an integer, was 'lots'");
  }
}
