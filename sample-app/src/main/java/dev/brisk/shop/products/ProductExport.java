package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.db.CursorOptions;
import dev.brisk.db.Db;
import dev.brisk.db.Where;
import dev.brisk.fields.FieldMask;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import dev.brisk.problem.Problem;
import dev.brisk.shop.Queries;
import dev.brisk.shop.proto.Product;
import dev.brisk.stream.ProtobufRows;
import dev.brisk.stream.StreamEncoder;
import dev.brisk.stream.StreamFormat;
import dev.brisk.stream.StreamOptions;
import dev.brisk.stream.Streamer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Set;

/**
 * {@code GET /api/products/export}: every product matching the list filters, in id order, streamed
 * from a server-side cursor as NDJSON, a JSON array, SSE or length-delimited protobuf (by
 * {@code Accept}). SSE events carry the product id, so a reconnect with {@code Last-Event-ID}
 * resumes after that product. {@code fields} selects columns; embeds are rejected (400) because
 * a stream has no page to batch their lookups over.
 *
 * <p>Runs on the request's event loop; register with {@code routes.rawLongRunning(GET, path, export::handle)}.
 */
public final class ProductExport {

  private static final Set<String> PARAMS = Set.of("category_id", "min_price_cents",
      "max_price_cents", "q", "fields");
  private static final JsonObject INTEGER = new JsonObject().put("type", "integer");
  /** What the generated API description says about the route. */
  static final OperationDoc DOC = OperationDoc
      .summary("Stream every matching product straight from a database cursor")
      .withDescription("`Accept` picks NDJSON (default), a JSON array, SSE (`Last-Event-ID` "
          + "resumes) or length-delimited protobuf.")
      .withQuery(ParameterDoc.optional("category_id", INTEGER, "Only this category"),
          ParameterDoc.optional("min_price_cents", INTEGER, "At least this price"),
          ParameterDoc.optional("max_price_cents", INTEGER, "At most this price"),
          ParameterDoc.optional("q", new JsonObject().put("type", "string"),
              "Name prefix, case-insensitive"),
          ParameterDoc.optional("fields", new JsonObject().put("type", "string"),
              "Comma-separated fields of product (no embeds)"))
      .returns(PRODUCT, OperationDoc.Shape.STREAM)
      .withProtobuf(Product.getDescriptor().getFullName())
      .withProblems(406, 429);

  private final Db db;
  private final Streamer streamer;
  private final CursorOptions cursor;

  /** An export reading {@code db} cursors with {@code cursor}, written by {@code streamer}. */
  public ProductExport(Db db, Streamer streamer, CursorOptions cursor) {
    this.db = db;
    this.streamer = streamer;
    this.cursor = cursor;
  }

  /** An export with {@link StreamOptions#fromEnv()} (SSE heartbeat) and default cursors. */
  public static ProductExport create(Db db) {
    return new ProductExport(db, Streamer.create(StreamOptions.fromEnv()),
        CursorOptions.defaults());
  }

  /** Validates the request (400/406 before any SQL), then streams the cursor. */
  // region handle
  public void handle(RoutingContext ctx) {
    Queries.onlyParams(ctx, PARAMS);
    FieldMask mask = Queries.mask(ctx, PRODUCT);
    if (!mask.embeds().isEmpty()) {
      throw Problem.invalidParameter("fields", "embedded '" + mask.embeds().get(0).name()
          + "' is not available in exports; select its key (category_id) instead");
    }
    StreamFormat format = StreamFormat.negotiate(ctx.request().getHeader("Accept"),
        StreamFormat.all());
    Where where = ProductsApi.Filter.of(ctx).where();
    if (format == StreamFormat.SSE) {
      where.and("p.id > ?", lastEventId(ctx));
    }
    String sql = "SELECT " + mask.projection() + (mask.isSelected("id") ? "" : ", p.id AS id")
        + " FROM products p WHERE " + where.sql() + " ORDER BY p.id";
    StreamEncoder<Row> encoder = StreamEncoder.rows(mask)
        .withProtobufWriter(ProtobufRows.writer(Product.getDescriptor(), mask))
        .withEventId(row -> Long.toString(row.getLong("id")))
        .withEventName("product");
    db.cursor(sql, Tuple.wrap(new ArrayList<>(where.params())), cursor)
        .compose(rows -> streamer.send(ctx, format, rows, encoder))
        .onFailure(ctx::fail);
  }
  // endregion handle

  /** The SSE resume position: the last product id the client saw, or null. */
  static Long lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(header.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw Problem.badRequest("Last-Event-ID must be a product id from this stream, was '"
        + (header.length() > 40 ? header.substring(0, 40) + "..." : header) + "'");
  }
}
