package dev.brisk.docs.newcomer.rates;

import dev.brisk.BriskConfig;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.cache.CachePolicy;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import dev.brisk.resilience.BreakerOptions;
import dev.brisk.resilience.LastGood;
import dev.brisk.resilience.Outbound;
import dev.brisk.resilience.OutboundException;
import dev.brisk.resilience.OutboundOptions;
import dev.brisk.resilience.RetryOptions;
import dev.brisk.resilience.Served;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code GET /api/rates/{base}/{quote}}: the upstream's rate through an {@link Outbound}, or the
 * last good one (shared through Redis) marked {@code "stale": true} when the upstream fails, is
 * slow or its breaker is open; 503 with {@code Retry-After} when none was ever fetched. The
 * upstream serves {@code GET /rate?base=EUR&quote=USD} as {@code {"rate": 1.08, "as_of": ...}}.
 */
final class RateSource {

  /** Fresh rates may be kept by any cache for 10 s, and served for a minute if we fail. */
  static final CachePolicy FRESH = CachePolicy.publicFor(Duration.ofSeconds(10))
      .withStaleIfError(Duration.ofMinutes(1));

  private final String baseUrl;
  private final WebClient client;
  private final Outbound upstream;
  private final LastGood lastGood;

  private RateSource(BriskContext context, String baseUrl) {
    this.baseUrl = baseUrl;
    // region rates-source
    OutboundOptions options = options(context.config());
    this.client = WebClient.create(context.vertx(), new WebClientOptions()
        .setConnectTimeout(500).setUserAgent("brisk-rates"),
        new PoolOptions().setHttp1MaxSize(options.maxConcurrent()));
    this.upstream = Outbound.create(context.vertx(), options, context.registry());
    this.lastGood = LastGood.redis(context.redisApi(), "rates:" + RatesApp.schema(context),
        Duration.ofDays(7), context.registry());
    // endregion rates-source
    // The first call through a new client loads its classes and connects: not on a rate's time.
    client.headAbs(baseUrl + "/").send();
  }

  static RateSource create(BriskContext context) {
    return new RateSource(context, context.config().require("rates-upstream-url")
        .replaceAll("/+$", ""));
  }

  // region rates-outbound
  static OutboundOptions options(BriskConfig config) {
    return OutboundOptions.defaults("rates")
        .withMaxAnswerBytes(16 * 1024)
        .withTimeout(config.getDuration("rates-upstream-timeout", Duration.ofMillis(800)))
        .withRetry(RetryOptions.defaults().withMaxAttempts(2))
        .withBreaker(BreakerOptions.defaults()
            .withMinimumCalls(4)
            .withHalfOpenProbes(1)
            .withOpenDuration(config.getDuration("rates-open-duration", Duration.ofSeconds(5))));
  }
  // endregion rates-outbound

  void register(Routes routes) {
    // region policy-route
    routes.get("/api/rates/:base/:quote", Access.open(), FRESH, this::rate);
    // endregion policy-route
  }

  private Future<Reply> rate(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    String base = currency(ctx, "base");
    String quote = currency(ctx, "quote");
    if (base.equals(quote)) {
      throw Problem.invalidParameter("quote", "quote must differ from base, both were " + base);
    }
    // region stale-reply
    return lastGood.serve(base + ":" + quote, fetch(base, quote)).map(served -> {
      Reply reply = Reply.ok(body(base, quote, served));
      // A stale rate is a fallback: no cache should keep it as if it were fresh.
      return served.stale() ? reply.withHeader("Cache-Control", "no-cache") : reply;
    });
    // endregion stale-reply
  }

  private Future<JsonObject> fetch(String base, String quote) {
    return upstream.send(client.getAbs(baseUrl + "/rate")
            .addQueryParam("base", base)
            .addQueryParam("quote", quote))
        .compose(response -> response.statusCode() == 200 ? parse(response)
            : Future.failedFuture(OutboundException.status("rates", response.statusCode(),
                null)));
  }

  /** The rate of a 200 answer, or a failure as a 502 would be (never stored as last good). */
  private static Future<JsonObject> parse(HttpResponse<Buffer> response) {
    JsonObject json;
    try {
      Object body = Requests.json(response.bodyAsBuffer() == null ? Buffer.buffer()
          : response.bodyAsBuffer());
      json = body instanceof JsonObject object ? object : null;
    } catch (Problem e) {
      json = null;
    }
    if (json != null && json.getValue("rate") instanceof Number rate
        && Double.isFinite(rate.doubleValue()) && rate.doubleValue() > 0
        && json.getValue("as_of") instanceof String asOf && isTimestamp(asOf)) {
      return Future.succeededFuture(new JsonObject().put("rate", rate).put("as_of", asOf));
    }
    return Future.failedFuture(OutboundException.status("rates", 502, null));
  }

  private static boolean isTimestamp(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static JsonObject body(String base, String quote, Served<JsonObject> served) {
    return new JsonObject().put("base", base).put("quote", quote)
        .put("rate", served.value().getValue("rate"))
        .put("as_of", served.value().getString("as_of"))
        .put("stale", served.stale());
  }

  /** A supported ISO 4217 code, upper case, else a 400 naming the path parameter. */
  static String currency(RoutingContext ctx, String name) {
    String code = ctx.pathParam(name);
    if (!RatesApp.CURRENCIES.contains(code)) {
      throw Problem.invalidParameter(name, name + " must be one of "
          + String.join(", ", RatesApp.CURRENCIES) + " (ISO 4217, upper case), was '"
          + (code.length() > 10 ? code.substring(0, 10) + "..." : code) + "'");
    }
    return code;
  }
}
