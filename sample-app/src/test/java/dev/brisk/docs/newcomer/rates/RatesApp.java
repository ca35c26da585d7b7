package dev.brisk.docs.newcomer.rates;

import static dev.brisk.fields.FieldType.DATE;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;

import dev.brisk.Brisk;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.BriskOptions;
import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKey;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.fields.Resource;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import dev.brisk.throttle.RateLimitOptions;
import dev.brisk.throttle.ThrottleOptions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * An exchange-rates API written by a newcomer from the docs alone: live rates from an outside
 * service through {@code Outbound} and {@code LastGood}, an NDJSON import of historical rates,
 * a keyset-paged history and an SSE stream of it, {@code POST /api/batch}, API keys with tiers.
 * Settings: {@code rates-schema} (the schema its table lives in, {@code rates} by default),
 * {@code rates-upstream-url}, {@code rates-upstream-timeout}, {@code rates-open-duration}.
 */
public final class RatesApp implements BriskApp {

  /** The currencies the API quotes: ISO 4217 codes, upper case. */
  static final List<String> CURRENCIES = List.of("AUD", "CAD", "CHF", "CNY", "CZK", "DKK",
      "EUR", "GBP", "JPY", "NOK", "NZD", "PLN", "SEK", "USD");

  /** Plain keys of the demo callers; only their hashes are looked up. */
  static final String FREE_KEY = "rates-free-key";
  static final String PRO_KEY = "rates-pro-key";
  static final String INTERNAL_KEY = "rates-internal-key";

  public static void main(String[] args) {
    Brisk.run(args, RatesApp::new);   // stores from BRISK_PG_URL and BRISK_REDIS_URL
  }

  static String schema(BriskContext context) {
    String schema = context.config().get("rates-schema", "rates");
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("rates-schema must be a lower-case SQL identifier, was '"
          + schema + "'");
    }
    return schema;
  }

  @Override
  public BriskOptions options(BriskOptions options) {
    // An import writes up to 10,000 rows and a stream holds a connection: they cost more.
    // region keep-settings
    ThrottleOptions throttle = options.throttle();
    RateLimitOptions limits = throttle.rateLimits().withRouteCosts(Map.of(
        "POST /api/rates/import", 10, "GET /api/rates/stream", 5));
    return options.withThrottle(throttle.withRateLimits(limits));
    // endregion keep-settings
  }

  @Override
  public Future<Void> start(BriskContext context) {
    String table = schema(context) + ".rates";
    return context.db().query("CREATE SCHEMA IF NOT EXISTS " + schema(context))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + table
            + " (id bigserial PRIMARY KEY, base char(3) NOT NULL, quote char(3) NOT NULL,"
            + " day date NOT NULL, rate numeric NOT NULL CHECK (rate > 0),"
            + " UNIQUE (base, quote, day))"))
        .compose(x -> context.db().query("CREATE INDEX IF NOT EXISTS rates_by_day ON " + table
            + " (day, id)"))
        .mapEmpty();
  }

  @Override
  public ApiKeyStore apiKeys(BriskContext context) {
    // Key ids carry the schema, so two test classes on one Redis keep their own budgets.
    String scope = schema(context);
    Map<String, ApiKey> keys = Map.of(
        ApiKey.hash(FREE_KEY), new ApiKey(scope + "-free", "1", "free"),
        ApiKey.hash(PRO_KEY), new ApiKey(scope + "-pro", "2", "pro"),
        ApiKey.hash(INTERNAL_KEY), new ApiKey(scope + "-internal", "3", "internal"));
    return hash -> Future.succeededFuture(keys.get(hash));
  }

  @Override
  public void routes(Routes routes, BriskContext context) {
    // Made once per app: the breaker, bulkhead and retry budget count every verticle's calls.
    RateSource source = context.shared("rate-source", () -> RateSource.create(context));
    Resource rate = context.shared("rate-resource", () -> resource(schema(context)));
    Pager pager = context.shared("pager", () -> Pager.create(context.pages()));
    source.register(routes);
    RateImport.create(context, rate).register(routes);
    context.endpoint(rate, pager)
        .filter(Filter.oneOf("base", "base", CURRENCIES), Filter.oneOf("quote", "quote",
            CURRENCIES), Filter.atLeast("from", "day"), Filter.atMost("to", "day"))
        .sorts("day")
        .defaultSort("-day")
        .build()
        .list(routes, Mount.at("/api/rates/history", Access.authenticated())
            .withSummary("Stored rates, newest day first")
            .withCheck(RatesApp::dateRange))
        .export(routes, Mount.at("/api/rates/stream", Access.authenticated())
            .withCheck(RatesApp::dateRange), context.streams());
    BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
        .register(routes, "/api/batch");
  }

  static Resource resource(String schema) {
    return Resource.builder("rate", schema + ".rates", "r")
        .field("id", "id", LONG)
        .field("base", "base", TEXT)
        .field("quote", "quote", TEXT)
        .field("day", "day", DATE)
        .field("rate", "rate", NUMERIC)
        .build();
  }

  /** 400 when {@code from} is after {@code to}: the filters alone would answer an empty list. */
  private static Future<?> dateRange(RoutingContext ctx) {
    String from = ctx.queryParams().get("from");
    String to = ctx.queryParams().get("to");
    try {
      if (from != null && to != null && LocalDate.parse(from).isAfter(LocalDate.parse(to))) {
        return Future.failedFuture(Problem.invalidParameter("from",
            "from (" + from + ") must not be after to (" + to + ")"));
      }
    } catch (DateTimeParseException e) {
      // The filters themselves answer a malformed date with their 400.
    }
    return Future.succeededFuture();
  }
}
