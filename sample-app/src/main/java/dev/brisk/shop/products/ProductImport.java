package dev.brisk.shop.products;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.MediaTypes;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /api/products/import}: an {@code application/x-ndjson} body (optionally
 * {@code Content-Encoding: gzip} or {@code deflate}), one product per line, streamed into the
 * database in batches with backpressure (the body is never buffered, so the 1 MiB body limit does
 * not apply; {@link ProductImportLimits} bound bytes, lines, time and inflation instead). Each
 * batch is one transaction: its valid lines commit together. All lines valid: 200
 * {@code {"imported": n}}; otherwise 422 problem+json with {@code imported} and
 * {@code errors[].pointer = /lines/<n>} (1-based), the valid lines still written; a line over
 * {@code maxLineBytes} is one such invalid line. Register with
 * {@code routes.upload(POST, path, access, imports, productImport::handle)} so one caller runs one
 * import at a time; runs on the request's event loop.
 */
public final class ProductImport {

  /** Line errors listed in the 422 problem (the lowest line numbers); all are counted. */
  static final int MAX_REPORTED_ERRORS = 1000;
  static final String NDJSON = "application/x-ndjson";
  /** What the generated API description says about the route. */
  static final OperationDoc DOC = OperationDoc
      .summary("Import products: one JSON object per line, written in batches")
      .withDescription("Streamed (not subject to the 1 MiB body limit; gzip or deflate "
          + "`Content-Encoding` accepted). Invalid lines, including a line over the line "
          + "limit (default 64 KiB), are reported by 1-based number (`/lines/<n>`) in a 422 "
          + "problem that also counts the lines `imported`.")
      .withRequestBody(ProductImportLine.SCHEMA.withDescription("One line of the body"))
      .withRequestMediaTypes(NDJSON)
      .returns(new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("imported", new JsonObject().put("type", "integer"))))
      .withProblems(422);

  private final Db db;
  private final Cache cache;
  private final RowVersions versions;
  private final int batchSize;
  private final ProductImportLimits limits;
  private final Duration stallTimeout;

  /**
   * An import writing {@code batchSize} lines per transaction within {@code limits}, each
   * committed batch invalidating what {@code versions} says new products change; a client
   * that sends nothing for {@code stallTimeout} while the import waits for it is answered 408.
   */
  public ProductImport(Db db, Cache cache, RowVersions versions, int batchSize,
      ProductImportLimits limits, Duration stallTimeout) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    this.db = db;
    this.cache = cache;
    this.versions = versions;
    this.batchSize = batchSize;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  /** Checks {@code Content-Type} and {@code Content-Encoding} (415), then reads the body. */
  public void handle(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    String contentType = ctx.request().getHeader("Content-Type");
    if (!NDJSON.equals(MediaTypes.essence(contentType))) {
      throw Requests.namingAccepted(ctx, Problem.unsupportedMediaType(contentType,
          List.of(NDJSON)), List.of(NDJSON));
    }
    if (!MediaTypes.isUtf8(contentType)) {
      throw Requests.namingAccepted(ctx, Problem.unsupportedCharset(contentType,
          List.of(NDJSON)), List.of(NDJSON));
    }
    new ProductImportRun(ctx, db, cache, versions, batchSize, limits, stallTimeout,
        ImportBody.of(ctx.request(), limits)).start();
  }
}
