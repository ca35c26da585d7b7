package dev.brisk.load;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in scenarios (docs/load-harness.md lists them). Each factory probes its endpoint once
 * on the main thread and skips with a reason when the endpoint is missing.
 */
final class StandardScenarios {

  static final String LIST_FIELDS = "id,name,price_cents";
  static final String NESTED_FIELDS =
      "id,user(name),items(quantity,product(name,category(name)))";
  private static final int CURSOR_PAGES = 20;
  private static final int BATCH_SIZE = 10;
  private static final int VARIANTS = 256;

  private StandardScenarios() {
  }

  static Prepared singleGet(ScenarioContext ctx) {
    return requireOk("get", ctx, "/api/products/1", Set.of(200)).orElseGet(() ->
        Prepared.ready(Scenario.of("get", "GET /api/products/{id}, uniform random id",
            1000, Set.of(200), seq -> RequestSpec.get(
                "/api/products/" + Ids.pick(seq, ctx.shape().products()), ctx.headers()))));
  }

  static Prepared listWithFields(ScenarioContext ctx) {
    String first = "/api/products?sort=price_cents&limit=20&fields=" + LIST_FIELDS;
    return pages("list", ctx, first, 500,
        "GET /api/products?sort=price_cents&limit=20&fields=" + LIST_FIELDS
            + ", first page and " + CURSOR_PAGES + " cursor pages in turn");
  }

  static Prepared defaultPage(ScenarioContext ctx) {
    return pages("page", ctx, "/api/products?sort=price_cents&limit=20", 500,
        "GET /api/products?sort=price_cents&limit=20 (default fields), first page and "
            + CURSOR_PAGES + " cursor pages in turn");
  }

  static Prepared nestedEmbeds(ScenarioContext ctx) {
    String uri = "/api/orders?limit=100&fields=" + NESTED_FIELDS;
    return requireOk("nested", ctx, uri, Set.of(200)).orElseGet(() -> Prepared.ready(
        Scenario.of("nested", "GET " + uri, 50, Set.of(200),
            seq -> RequestSpec.get(uri, ctx.headers()))));
  }

  static Prepared batch(ScenarioContext ctx) {
    List<Buffer> bodies = new ArrayList<>();
    for (int v = 0; v < VARIANTS; v++) {
      bodies.add(Buffer.buffer(batchBody(v, ctx.shape().products())));
    }
    Probe.Answer a = ctx.probe().send("POST", "/api/batch",
        Map.of("Content-Type", "application/json"), bodies.get(0).toString());
    MultiMap headers = ctx.headersWith("Content-Type", "application/json");
    return missing("batch", "POST /api/batch", a, Set.of(200)).orElseGet(() -> Prepared.ready(
        Scenario.of("batch", "POST /api/batch with " + BATCH_SIZE
                + " x GET /api/products/{id}?fields=" + LIST_FIELDS, 100, Set.of(200),
            seq -> new RequestSpec(HttpMethod.POST, "/api/batch", headers,
                bodies.get((int) (seq % VARIANTS))))));
  }

  static Prepared export(ScenarioContext ctx) {
    String base = "/api/products/export?fields=" + LIST_FIELDS + "&category_id=";
    MultiMap headers = ctx.headersWith("Accept", "application/x-ndjson");
    long cats = ctx.shape().categories();
    Probe.Answer a = ctx.probe().get(base + 1, Map.of("Accept", "application/x-ndjson"));
    return missing("export", "GET /api/products/export", a, Set.of(200)).orElseGet(() ->
        Prepared.ready(Scenario.of("export", "GET " + base + "{1.." + cats
                + "} as NDJSON, body read to the end", 20, Set.of(200),
            seq -> RequestSpec.get(base + (1 + seq % cats), headers))));
  }

  static Prepared notModified(ScenarioContext ctx) {
    List<String> uris = new ArrayList<>();
    List<MultiMap> headers = new ArrayList<>();
    for (long seq = 0; seq < 100; seq++) {
      String uri = "/api/products/" + Ids.pick(seq, ctx.shape().products());
      Probe.Answer a = ctx.probe().get(uri, Map.of());
      Optional<Prepared> skip = missing("not-modified", "GET " + uri, a, Set.of(200));
      if (skip.isPresent()) {
        return skip.get();
      }
      String etag = a.header("ETag");
      if (etag == null) {
        return Prepared.skipped("not-modified", "no ETag on GET " + uri);
      }
      uris.add(uri);
      headers.add(ctx.headersWith("If-None-Match", etag));
    }
    Probe.Answer check = ctx.probe().get(uris.get(0),
        Map.of("If-None-Match", headers.get(0).get("If-None-Match")));
    if (check.status() != 304) {
      return Prepared.skipped("not-modified", "If-None-Match answered " + check.status());
    }
    return Prepared.ready(Scenario.of("not-modified",
        "GET /api/products/{id} with a matching If-None-Match (100 ids), expects 304", 1000,
        Set.of(304), seq -> RequestSpec.get(uris.get((int) (seq % uris.size())),
            headers.get((int) (seq % uris.size())))));
  }

  static Prepared overload(ScenarioContext ctx) {
    String uri = "/api/products?sort=-price_cents&limit=100";
    return requireOk("overload", ctx, uri, Set.of(200)).orElseGet(() -> Prepared.ready(
        Scenario.aboveCapacity("overload", "GET " + uri + " at 2x the capacity measured in "
                + "warm-up; 503/429 count as shed", 2.0, 3000, Set.of(200),
            seq -> RequestSpec.get(uri, ctx.headers()))));
  }

  private static Prepared pages(String name, ScenarioContext ctx, String first, long rate,
      String description) {
    Probe.Answer a = ctx.probe().get(first, Map.of());
    Optional<Prepared> skip = missing(name, "GET " + first, a, Set.of(200));
    if (skip.isPresent()) {
      return skip.get();
    }
    List<String> uris = new ArrayList<>(List.of(first));
    String next = nextCursor(a.body());
    while (next != null && uris.size() <= CURSOR_PAGES) {
      String uri = first + "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
      Probe.Answer page = ctx.probe().get(uri, Map.of());
      if (page.status() != 200) {
        break;
      }
      uris.add(uri);
      next = nextCursor(page.body());
    }
    return Prepared.ready(Scenario.of(name, description, rate, Set.of(200),
        seq -> RequestSpec.get(uris.get((int) (seq % uris.size())), ctx.headers())));
  }

  private static String nextCursor(String body) {
    try {
      JsonObject page = new JsonObject(body).getJsonObject("page");
      return page == null ? null : page.getString("next_cursor");
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static String batchBody(int variant, long products) {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < BATCH_SIZE; i++) {
      long id = Ids.pick((long) variant * BATCH_SIZE + i, products);
      requests.add(new JsonObject().put("id", "r" + i).put("method", "GET")
          .put("path", "/api/products/" + id + "?fields=" + LIST_FIELDS));
    }
    return new JsonObject().put("requests", requests).encode();
  }

  private static String detail(String body) {
    String text = body == null ? "" : body;
    try {
      String detail = new JsonObject(text).getString("detail");
      text = detail == null ? text : detail;
    } catch (DecodeException | ClassCastException e) {
      // Not a problem document: show the raw start of the body.
    }
    return text.substring(0, Math.min(100, text.length())).replace('\n', ' ');
  }

  private static Optional<Prepared> requireOk(String name, ScenarioContext ctx, String uri,
      Set<Integer> ok) {
    return missing(name, "GET " + uri, ctx.probe().get(uri, Map.of()), ok);
  }

  /** A skip when the probe shows the endpoint missing, unreachable or answering unexpectedly. */
  static Optional<Prepared> missing(String name, String what, Probe.Answer a, Set<Integer> ok) {
    if (a.status() == -1) {
      return Optional.of(Prepared.skipped(name, "target unreachable: " + a.body()));
    }
    if (a.status() == 404 || a.status() == 405 || a.status() == 501) {
      return Optional.of(Prepared.skipped(name,
          "endpoint missing: " + what + " answered " + a.status()));
    }
    if (!ok.contains(a.status())) {
      return Optional.of(Prepared.skipped(name, "endpoint not usable: " + what + " answered "
          + a.status() + ": " + detail(a.body())));
    }
    return Optional.empty();
  }
}
