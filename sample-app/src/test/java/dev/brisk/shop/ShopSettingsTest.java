package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.Brisk;
import dev.brisk.BriskConfig;
import dev.brisk.BriskOptions;
import dev.brisk.RunningBrisk;
import dev.brisk.devservices.DevServices;
import dev.brisk.test.TestBrisk;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shop reads each of its own settings by the time it listens, so {@code Brisk.run} can refuse
 * a command-line option nothing read (a typo such as {@code --concurency-limit off}) without
 * refusing a real one that is read late.
 */
class ShopSettingsTest {

  @Test
  void every_shop_option_is_read_by_startup_and_only_the_typo_is_left() throws Exception {
    DevServices dev = DevServices.shared();
    BriskConfig config = BriskConfig.from(new String[] {"--pg-url", dev.pgUrl(),
        "--redis-url", dev.redisUrl(), "--port", "0", "--host", "127.0.0.1", "--instances", "2",
        "--dataset", "small", "--carrier-timeout", "800ms", "--carrier-open-duration", "5s",
        "--import-max-bytes", "67108864", "--import-max-lines", "1000000",
        "--import-max-line-bytes", "65536", "--import-max-duration", "10m",
        "--import-max-inflation-ratio", "100", "--openapi", "on", "--api-title", "Shop",
        "--cache", "on", "--cache-ttl", "5m", "--pg-plan-cache-mode", "generic",
        "--sse-heartbeat", "PT5S", "--sse-retry", "3s", "--stream-stall-timeout", "30s",
        "--embed-max-per-parent", "100", "--max-rows-per-request", "50000",
        "--concurency-limit", "off"}, Map.of());
    RunningBrisk app = TestBrisk.await(Brisk.start(BriskOptions.from(config), config,
        ShopApp::new));
    try {
      assertThat(config.unread()).containsExactly("concurency-limit");
      // The operator's --api-title wins over the title the shop chooses in code.
      HttpResponse<String> openApi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + app.port() + "/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(openApi.body()).getJsonObject("info").getString("title"))
          .isEqualTo("Shop");
    } finally {
      TestBrisk.await(app.close());
    }
  }
}
