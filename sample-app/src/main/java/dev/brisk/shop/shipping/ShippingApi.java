package dev.brisk.shop.shipping;

import dev.brisk.BriskConfig;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.db.Db;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import dev.brisk.resilience.BreakerOptions;
import dev.brisk.resilience.LastGood;
import dev.brisk.resilience.Outbound;
import dev.brisk.resilience.OutboundException;
import dev.brisk.resilience.OutboundOptions;
import dev.brisk.resilience.Served;
import dev.brisk.shop.proto.ShippingQuote;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/products/{id}/shipping-quote?zip=}: the carrier's quote (at
 * {@code BRISK_CARRIER_URL}) through an {@link Outbound}, or its last good quote for that product
 * and zip, shared through Redis, when the carrier fails, is slow or its breaker is open; as JSON
 * or, by {@code Accept}, a {@code brisk.shop.ShippingQuote} protobuf message.
 * Settings: {@code carrier-url}, {@code carrier-timeout} (default 800 ms, so a stale answer
 * still comes within 1 s) and {@code carrier-open-duration} (default 5 s).
 */
public final class ShippingApi {

  private static final Pattern ZIP = Pattern.compile("[0-9A-Za-z][0-9A-Za-z -]{1,9}");
  private static final String DEFAULT_ZIP = "10115";
  /** A quote is about 60 bytes; a larger answer fails the call instead of filling the heap. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  /** What the generated API description says about the route. */
  private static final OperationDoc DOC = OperationDoc
      .summary("Quote shipping for a product from the outside carrier")
      .withDescription("Fresh (`stale: false`) only when the carrier answered for this request;"
          + " otherwise the last good quote for this product and zip (`stale: true`), or 503.")
      .withPath(Requests.pathIdDoc("id", "The product's id"))
      .withQuery(ParameterDoc.optional("zip", new JsonObject().put("type", "string")
          .put("pattern", "^" + ZIP.pattern() + "$").put("default", DEFAULT_ZIP),
          "Destination postal code: 2 to 10 letters, digits, spaces or dashes"))
      .returns(new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("product_id", new JsonObject().put("type", "integer"))
          .put("zip", new JsonObject().put("type", "string"))
          .put("carrier", new JsonObject().put("type", "string"))
          .put("price_cents", new JsonObject().put("type", "integer"))
          .put("days", new JsonObject().put("type", "integer"))
          .put("stale", new JsonObject().put("type", "boolean"))))
      .withProtobuf(ShippingQuote.getDescriptor().getFullName());

  private final Db db;
  private final String carrierUrl;
  private final WebClient client;
  private final Outbound carrier;
  private final LastGood lastGood;

  private ShippingApi(BriskContext context, String carrierUrl) {
    this.db = context.db();
    this.carrierUrl = carrierUrl;
    // Read even without a carrier, so a bad value fails at startup, not once one is configured.
    OutboundOptions options = options(context.config());
    if (carrierUrl == null) {
      this.client = null;
      this.carrier = null;
      this.lastGood = null;
      return;
    }
    // One connection per call the bulkhead admits: with the client's default pool (5), the
    // other calls waited for a connection, that wait counted against the carrier's timeout
    // and by its breaker (a carrier answering in 300 ms timed out at 25 concurrent quotes).
    this.client = WebClient.create(context.vertx(), new WebClientOptions()
        .setConnectTimeout(500).setUserAgent("brisk-shop"),
        new PoolOptions().setHttp1MaxSize(options.maxConcurrent()));
    // The first call through a new client loads its classes and opens its connection: do it
    // now (HEAD /, answer ignored), so that the first quote does not pay for it against its
    // timeout (on a busy machine the first quotes after startup timed out).
    client.headAbs(carrierUrl + "/").send();
    this.carrier = Outbound.create(context.vertx(), options, context.registry());
    this.lastGood = LastGood.redis(context.redisApi(), "shipping-quotes", Duration.ofDays(1),
        context.registry());
  }

  /** Reads the carrier settings; without {@code carrier-url} the route answers 503. */
  public static ShippingApi create(BriskContext context) {
    return new ShippingApi(context, carrierUrl(context.config().get("carrier-url")));
  }

  /**
   * The carrier's base URL without trailing slashes ({@code http://host/} quoted at
   * {@code //quote}, a 404, so every quote failed); an error naming the option unless it is an
   * http or https URL with a host and no query or fragment (its value is not shown: it may hold
   * credentials).
   */
  static String carrierUrl(String url) {
    if (url == null) {
      return null;
    }
    String base = url.trim().replaceAll("/+$", "");
    URI uri;
    try {
      uri = new URI(base);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !("http".equalsIgnoreCase(uri.getScheme())
            || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalArgumentException("carrier-url must be an http or https URL with a host "
          + "and no query or fragment");
    }
    return base;
  }

  public void register(Routes routes) {
    // Open like the other catalog reads.
    routes.documented(DOC).get("/api/products/:id/shipping-quote", Access.open(), this::quote);
  }


  // region outbound-options
  static OutboundOptions options(BriskConfig config) {
    return OutboundOptions.defaults("carrier")
        .withMaxAnswerBytes(MAX_ANSWER_BYTES)
        .withTimeout(config.getDuration("carrier-timeout", Duration.ofMillis(800)))
        .withBreaker(BreakerOptions.defaults()
            .withMinimumCalls(5)
            .withOpenDuration(config.getDuration("carrier-open-duration",
                Duration.ofSeconds(5))));
  }
  // endregion outbound-options

  private Future<Reply> quote(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of("zip"));
    long id = Requests.pathId(ctx, "id");
    String zip = zip(ctx);
    if (carrier == null) {
      throw Problem.unavailable("Shipping quotes are unavailable: no carrier is configured "
          + "(set BRISK_CARRIER_URL)");
    }
    return db.query("SELECT 1 FROM products WHERE id = $1", Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(Problem.notFound("Product " + id + " does not exist"));
      }
      // region last-good
      return lastGood.serve(id + ":" + zip, fetch(id, zip))
          .map(served -> Reply.ok(body(id, zip, served))
              .withProtobuf(ShippingQuote.getDescriptor()));
      // endregion last-good
    });
  }

  // region fetch
  private Future<JsonObject> fetch(long id, String zip) {
    return carrier.send(client.getAbs(carrierUrl + "/quote")
            .addQueryParam("product_id", Long.toString(id))
            .addQueryParam("zip", zip))
        .compose(response -> response.statusCode() == 200 ? quote(response)
            : Future.failedFuture(OutboundException.status("carrier", response.statusCode(),
                null)));
  }
  // endregion fetch

  /**
   * The quote in a carrier's 200 answer, or a failure (as a 502 answer: served from the last
   * good quote, else 503) when the body is not one; never stored as a last good quote.
   */
  private static Future<JsonObject> quote(HttpResponse<Buffer> response) {
    Object body;
    try {
      body = Json.decodeValue(response.bodyAsBuffer() == null ? Buffer.buffer()
          : response.bodyAsBuffer());
    } catch (DecodeException e) {
      body = null;
    }
    if (body instanceof JsonObject quote && quote.getValue("carrier") instanceof String carrier
        && carrier.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
        && (quote.getValue("price_cents") instanceof Integer
            || quote.getValue("price_cents") instanceof Long)
        && quote.getLong("price_cents") >= 0
        && quote.getValue("days") instanceof Integer days && days >= 0) {
      return Future.succeededFuture(new JsonObject().put("carrier", carrier)
          .put("price_cents", quote.getLong("price_cents")).put("days", days));
    }
    return Future.failedFuture(OutboundException.status("carrier", 502, null));
  }

  private static JsonObject body(long id, String zip, Served<JsonObject> served) {
    JsonObject quote = served.value();
    return new JsonObject().put("product_id", id).put("zip", zip)
        .put("carrier", quote.getString("carrier"))
        .put("price_cents", quote.getLong("price_cents"))
        .put("days", quote.getInteger("days"))
        .put("stale", served.stale());
  }

  private static String zip(RoutingContext ctx) {
    String zip = Requests.single(ctx, "zip");
    if (zip == null) {
      return DEFAULT_ZIP;
    }
    if (!ZIP.matcher(zip).matches()) {
      throw Problem.invalidParameter("zip", "zip must be 2 to 10 letters, digits, spaces or "
          + "dashes, was '" + (zip.length() > 20 ? zip.substring(0, 20) + "..." : zip) + "'");
    }
    return zip;
  }
}
