package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.brisk.docs.PromQl.Grouping;
import dev.brisk.docs.PromQl.LabelMatcher;
import dev.brisk.docs.PromQl.Selector;
import dev.brisk.devservices.FakeCarrier;
import dev.brisk.shop.ShopApp;
import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What operators query is what the shop exports: every series that docs/alerts.yml,
 * docs/grafana-dashboard.json and deploy/k8s/examples/prometheus-adapter-rules.yaml select
 * exists in a scrape of a lightly exercised shop (alerting counters before their first event),
 * with the labels they match or group by, and the values they match exactly (such as
 * {@code le="0.25"}).
 * The synthetic series of docs/alerts-test.yml must have the exported names and label names.
 */
class MonitoringQueriesTest {

  private static final Path ROOT = Snippets.repoRoot();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Labels Prometheus attaches to every scraped series: target and Kubernetes discovery. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job", "namespace", "pod");

  private static String scrape;
  private static Exposition metrics;

  /**
   * A shop with the default limits and a carrier, as deployed; scraped after a few requests (two
   * reads of one product, so the cache has hit; a batch, so DataLoaders have loaded; an import),
   * one failed statement and one 503 (a quote while the carrier is down).
   */
  @BeforeAll
  static void scrape_an_exercised_shop() throws Exception {
    try (FakeCarrier carrier = FakeCarrier.start();
        TestBrisk shop = TestBrisk.start(ShopApp::new,
            Map.of("carrier-url", carrier.url(), "dataset", "small"))) {
      for (String uri : List.of("/api/products?limit=2", "/api/products/1",
          "/api/products/1", "/api/products/999999999",
          "/api/orders?limit=2",
          "/api/products/1/shipping-quote", "/health/live")) {
        shop.get(uri, "X-API-Key", "demo-internal");
      }
      String batch = "{\"requests\": [{\"id\": \"a\", \"method\": \"GET\", "
          + "\"path\": \"/api/products/2?fields=name,category(name)\"}]}";
      TestBrisk.await(shop.send(HttpMethod.POST, "/api/batch", Buffer.buffer(batch),
          "Content-Type", "application/json", "X-API-Key", "demo-internal"));
      // An upload, refused line by line (422), so that its route is exported and nothing written.
      assertThat(TestBrisk.await(shop.send(HttpMethod.POST, "/api/products/import",
          Buffer.buffer("{\"sku\": \"\"}\n"), "Content-Type", "application/x-ndjson",
          "X-API-Key", "demo-internal")).statusCode()).isEqualTo(422);
      assertThat(TestBrisk.awaitFailure(shop.running().context().db().query("SELECT 1/0")))
          .isNotNull();
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(carrier.url() + "/faults"))
          .PUT(BodyPublishers.ofString("{\"down\": true}")).build(), BodyHandlers.discarding());
      // Without a last good quote of its own: other tests share this Redis and may have one.
      TestBrisk.await(shop.running().context().redisApi()
          .del(List.of("brisk:last-good:shipping-quotes:3:10115")));
      assertThat(shop.get("/api/products/3/shipping-quote?zip=10115", "X-API-Key",
          "demo-internal").statusCode()).isEqualTo(503);
      scrape = shop.get("/metrics").bodyAsString();
      metrics = Exposition.parse(scrape);
    }
  }

  @Test
  void alert_rules_select_exported_series_and_labels() throws IOException {
    JsonNode rules = YAML.readTree(ROOT.resolve("docs/alerts.yml").toFile());
    List<String> exprs = texts(rules.findValues("expr"));
    Set<String> recorded = Set.copyOf(texts(rules.findValues("record")));

    assertThat(exprs).hasSizeGreaterThanOrEqualTo(12);
    assertThat(exprs.stream().flatMap(e -> problems(e, recorded, true).stream())).isEmpty();
  }

  @Test
  void alert_tests_feed_series_named_and_labelled_as_exported() throws IOException {
    JsonNode tests = YAML.readTree(ROOT.resolve("docs/alerts-test.yml").toFile());
    List<String> series = texts(tests.findValues("series"));

    assertThat(series).isNotEmpty();
    // Values are the test's own (a 503, a shed): only names and label names must match.
    assertThat(series.stream().flatMap(s -> problems(s, Set.of(), false).stream())).isEmpty();
  }

  @Test
  void dashboard_panels_select_exported_series_and_labels() throws IOException {
    JsonNode dashboard = JSON.readTree(ROOT.resolve("docs/grafana-dashboard.json").toFile());
    List<String> exprs = texts(dashboard.findValues("expr"));

    assertThat(exprs).hasSizeGreaterThanOrEqualTo(30);
    assertThat(exprs.stream().flatMap(e -> problems(e, Set.of(), true).stream())).isEmpty();
  }

  /**
   * Each panel's query, run by promtool over the scrape's series (every one rising), returns a
   * series: a query can select only exported names and labels and still match nothing, such as
   * arithmetic between two series that differ in a label no {@code on}/{@code ignoring} drops.
   */
  @Test
  void dashboard_panels_show_data_on_the_exported_series() throws IOException {
    JsonNode dashboard = JSON.readTree(ROOT.resolve("docs/grafana-dashboard.json").toFile());
    List<String> exprs = texts(dashboard.findValues("expr"));

    assertThat(exprs.stream().filter(e -> !Promtool.returnsSeries(scrape, e))).isEmpty();
    assertThat(Promtool.returnsSeries(scrape, "max by (target) ("
        + "brisk_outbound_breaker_state{state=\"half_open\"}"
        + " + 2 * brisk_outbound_breaker_state{state=\"open\"})")).isFalse();
  }

  /**
   * The error-ratio panel leaves out what the error-budget alerts leave out (unmatched routes,
   * probes and scrapes, 501 and 505): it counted them, so a readiness probe answering 503 while
   * an instance drained showed as an error spike no alert agreed with.
   */
  @Test
  void the_error_ratio_panel_counts_the_requests_the_alerts_count() throws IOException {
    JsonNode rules = YAML.readTree(ROOT.resolve("docs/alerts.yml").toFile());
    String alertRatio = rules.findValues("rules").stream().flatMap(MonitoringQueriesTest::stream)
        .filter(r -> r.path("record").asText().equals("route:brisk_http_errors:ratio_rate5m"))
        .map(r -> r.path("expr").asText()).findFirst().orElseThrow();
    Set<LabelMatcher> excluded = exclusions(alertRatio);
    assertThat(excluded).extracting(LabelMatcher::label).contains("route", "status");
    JsonNode dashboard = JSON.readTree(ROOT.resolve("docs/grafana-dashboard.json").toFile());
    List<String> panel = stream(dashboard.path("panels"))
        .filter(p -> p.path("title").asText().startsWith("Error ratio"))
        .flatMap(p -> texts(p.findValues("expr")).stream()).toList();

    assertThat(panel).hasSize(2);
    for (String expr : panel) {
      assertThat(PromQl.parse(expr).selectors()).as(expr).allSatisfy(s ->
          assertThat(s.matchers()).as(expr).containsAll(excluded));
    }
  }

  /**
   * An upload takes as long as its input (one successful import of 5,000 lines paged as a route
   * 100% slow): the latency objective leaves the shop's import out by the route it is exported
   * under, which a misspelt route in alerts.yml would not, and still measures the other routes.
   */
  @Test
  void the_latency_objective_leaves_out_uploads() throws IOException {
    JsonNode rules = YAML.readTree(ROOT.resolve("docs/alerts.yml").toFile());
    List<String> latency = rules.findValues("rules").stream().flatMap(MonitoringQueriesTest::stream)
        .filter(r -> r.path("record").asText().startsWith("route:brisk_http_slow:"))
        .map(r -> r.path("expr").asText()).toList();
    String upload = "brisk_http_server_requests_seconds_count{route=\"/api/products/import\"}";

    assertThat(latency).hasSize(4);
    assertThat(Promtool.returnsSeries(scrape, upload)).isTrue();
    for (String expr : latency) {
      assertThat(Promtool.returnsSeries(scrape, "(" + expr + ") and on (route) " + upload))
          .as(expr).isFalse();
      assertThat(Promtool.returnsSeries(scrape, expr)).as(expr).isTrue();
    }
  }

  /** The negative matchers ({@code !~}, {@code !=}) every selector of {@code expr} has. */
  private static Set<LabelMatcher> exclusions(String expr) {
    List<Set<LabelMatcher>> each = PromQl.parse(expr).selectors().stream()
        .map(s -> s.matchers().stream().filter(m -> m.op().startsWith("!"))
            .collect(Collectors.toSet()))
        .toList();
    assertThat(each).as(expr).isNotEmpty().allSatisfy(e -> assertThat(e).isEqualTo(each.get(0)));
    return each.get(0);
  }

  /** The elements of a JSON array. */
  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  @Test
  void adapter_rule_selects_exported_series_and_labels() throws IOException {
    JsonNode rules = YAML.readTree(ROOT.resolve(
        "deploy/k8s/examples/prometheus-adapter-rules.yaml").toFile()).path("rules");

    assertThat(rules).isNotEmpty();
    for (JsonNode rule : rules) {
      String seriesQuery = rule.path("seriesQuery").asText();
      String series = PromQl.parse(seriesQuery).selectors().get(0).metric();
      assertThat(series).matches(rule.path("name").path("matches").asText());
      String metricsQuery = rule.path("metricsQuery").asText().replace("<<.Series>>", series)
          .replace("<<.LabelMatchers>>", "namespace=\"shop\",pod=\"shop-0\"")
          .replace("<<.GroupBy>>", "pod");
      assertThat(problems(seriesQuery, Set.of(), true)).isEmpty();
      assertThat(problems(metricsQuery, Set.of(), true)).isEmpty();
    }
  }

  @Test
  void names_labels_and_values_the_shop_does_not_export_are_reported() {
    assertThat(problems("sum(rate(brisk_http_server_requests_seconds_count[5m]))", Set.of(),
        true)).isEmpty();
    for (String wrong : List.of(
        "sum by (cache, result) (rate(brisk_cache_requests_total[1m]))",
        "rate(brisk_concurrency_shed[5m])",
        "rate(brisk_db_cursor_seconds_bucket[5m])",
        "rate(brisk_http_server_requests_seconds_count{status_class=\"5xx\"}[5m])",
        "sum by (code) (rate(brisk_http_server_requests_seconds_count[5m]))",
        "sum(rate(brisk_http_server_requests_seconds_count[5m])) by (code)",
        "rate(brisk_http_server_requests_seconds_bucket{le=\"0.3\"}[5m])",
        "max(brisk_outbound_breaker_state{state=\"OPEN\"})")) {
      assertThat(problems(wrong, Set.of(), true)).as(wrong).hasSize(1);
    }
  }

  /** What in {@code expr} the scrape does not have; recorded series are not checked. */
  private static List<String> problems(String expr, Set<String> recorded, boolean values) {
    PromQl query = PromQl.parse(expr);
    List<String> problems = new ArrayList<>();
    for (Selector s : query.selectors()) {
      if (recorded.contains(s.metric())) {
        continue;
      }
      if (!metrics.has(s.metric())) {
        problems.add("no series " + s.metric() + " in: " + expr);
        continue;
      }
      for (LabelMatcher m : s.matchers()) {
        if (TARGET_LABELS.contains(m.label())) {
          continue;
        }
        Set<String> taken = metrics.values(s.metric(), m.label());
        if (taken.isEmpty()) {
          problems.add(s.metric() + " has no label " + m.label() + " (only "
              + metrics.labels(s.metric()) + ") in: " + expr);
        } else if (m.op().endsWith("~")) {
          Pattern.compile(m.value());
        } else if (values && m.op().equals("=") && !taken.contains(m.value())) {
          problems.add(s.metric() + "{" + m.label() + "} is never \"" + m.value() + "\" (only "
              + taken + ") in: " + expr);
        }
      }
    }
    for (Grouping g : query.groupings()) {
      for (String label : g.labels()) {
        Set<String> without = g.metrics().stream()
            .filter(m -> metrics.has(m) && !recorded.contains(m) && !TARGET_LABELS.contains(label)
                && !metrics.labels(m).contains(label))
            .collect(Collectors.toSet());
        if (!without.isEmpty()) {
          problems.add(g.keyword() + " (" + label + ") over " + without + " without that label"
              + " in: " + expr);
        }
      }
    }
    return problems;
  }

  private static List<String> texts(List<JsonNode> nodes) {
    return nodes.stream().map(JsonNode::asText).toList();
  }
}
