package dev.brisk.throttle;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKey;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Shedding end to end over HTTP: one event loop whose concurrency limit is fixed at 4 (no queue,
 * no reserved shares, load signals out of the way), requests held in the handler until the test
 * lets them go. Ceilings of 4: anonymous and free 2, pro 3, internal 4.
 */
class OverloadSheddingTest {

  private static final List<Promise<Reply>> HELD = new CopyOnWriteArrayList<>();
  private static final Map<String, String> SETTINGS = Map.of("instances", "1",
      "concurrency-initial-limit", "4", "concurrency-min-limit", "4",
      "concurrency-max-limit", "4", "concurrency-max-queue", "0",
      "concurrency-reserved-shares", "none", "concurrency-max-lag", "PT60S",
      "concurrency-max-db-waiting", "10000", "rate-limiting", "off");

  /** Keys {@code free}, {@code pro}, {@code internal} of those tiers; a route that waits. */
  private static final class App implements BriskApp {
    @Override
    public ApiKeyStore apiKeys(BriskContext context) {
      Map<String, String> tiers = Map.of(ApiKey.hash("free"), "free", ApiKey.hash("pro"), "pro",
          ApiKey.hash("internal"), "internal");
      return hash -> Future.succeededFuture(tiers.containsKey(hash)
          ? new ApiKey("k-" + tiers.get(hash), "1", tiers.get(hash)) : null);
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.get("/hold", Access.open(), rc -> {
        Promise<Reply> held = Promise.promise();
        HELD.add(held);
        return held.future();
      });
    }
  }

  @Test
  void a_full_instance_sheds_the_lowest_tiers_first_with_503_and_never_health() {
    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try (TestBrisk app = TestBrisk.start(App::new, SETTINGS)) {
      WebClient client = WebClient.create(app.vertx(), new WebClientOptions(),
          new PoolOptions().setHttp1MaxSize(64));
      List<Future<HttpResponse<Buffer>>> admitted = new ArrayList<>();
      admitted.addAll(burst(app, client, null, 12, 2, 10));
      admitted.addAll(burst(app, client, "free", 6, 2, 6));
      admitted.addAll(burst(app, client, "pro", 6, 3, 5));
      admitted.addAll(burst(app, client, "internal", 6, 4, 5));
      for (String exempt : List.of("/health/live", "/health/ready", "/metrics")) {
        assertThat(await(client.get(app.port(), "localhost", exempt).send()).statusCode())
            .as(exempt).isEqualTo(200);
      }
      assertThat(shed(app, "anonymous")).isEqualTo(10);
      assertThat(shed(app, "free")).isEqualTo(6);
      assertThat(shed(app, "pro")).isEqualTo(5);
      assertThat(shed(app, "internal")).isEqualTo(5);
      // An operator reading the log learns that the instance sheds: one WARN for the 26 sheds
      // (at most one a minute while it goes on), not one per refused request.
      List<String> warnings = logged.toString(StandardCharsets.UTF_8).lines()
          .filter(l -> l.contains("Shedding requests")).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("WARN").contains("concurrency limit")
          .contains("tier anonymous");
      HELD.forEach(p -> p.complete(Reply.ok(new JsonObject().put("done", true))));
      for (Future<HttpResponse<Buffer>> f : admitted) {
        assertThat(await(f).statusCode()).isEqualTo(200);
      }
      // The slots are back: the lowest tier is admitted again.
      HELD.clear();
      Future<HttpResponse<Buffer>> after = client.get(app.port(), "localhost", "/hold").send();
      TestBrisk.eventually("anonymous admitted again", () -> HELD.size() == 1);
      HELD.get(0).complete(Reply.ok(new JsonObject()));
      assertThat(await(after).statusCode()).isEqualTo(200);
    } finally {
      System.setErr(err);
      HELD.clear();
    }
  }

  /**
   * Sends {@code n} concurrent requests of one key, waits until {@code heldAfter} requests are
   * held in all and the other {@code shed} have answered 503 overloaded; returns the held ones.
   */
  private static List<Future<HttpResponse<Buffer>>> burst(TestBrisk app, WebClient client,
      String key, int n, int heldAfter, int shed) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      var request = client.get(app.port(), "localhost", "/hold");
      if (key != null) {
        request.putHeader("X-API-Key", key);
      }
      sent.add(request.send());
    }
    TestBrisk.eventually("held " + heldAfter + ", " + shed + " answered", () ->
        HELD.size() == heldAfter && sent.stream().filter(Future::isComplete).count() == shed);
    List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> f : sent) {
      if (!f.isComplete()) {
        held.add(f);
        continue;
      }
      HttpResponse<Buffer> r = f.result();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.getHeader("Retry-After")).isEqualTo("1");
      assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/overloaded");
    }
    return held;
  }

  /** Sheds of one tier, all reasons. */
  private static double shed(TestBrisk app, String tier) {
    return app.running().context().registry().find("brisk.concurrency.shed").tag("tier", tier)
        .counters().stream().mapToDouble(Counter::count).sum();
  }
}
