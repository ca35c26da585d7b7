package dev.brisk.shop.products;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.http.MediaTypes;
import dev.brisk.problem.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /api/products/import}: an {@code application/x-ndjson} body, one product per line,
 * streamed into the database in batches with backpressure (the body is never buffered, so the
 * 1 MiB body limit does not apply). Each batch is one transaction: its valid lines commit
 * together. All lines valid: 200 {@code {"imported": n}}; otherwise 422 problem+json with
 * {@code imported} and {@code errors[].pointer = /lines/<n>} (1-based), the valid lines still
 * written. Register with {@code routes.raw(POST, path, productImport::handle)}; runs on the
 * request's event loop.
 */
public final class ProductImport {

  /** Line errors listed in the 422 problem (the lowest line numbers); all are counted. */
  static final int MAX_REPORTED_ERRORS = 1000;
  static final String NDJSON = "application/x-ndjson";

  private final Db db;
  private final Cache cache;
  private final int batchSize;
  private final int maxLineBytes;

  /** An import writing {@code batchSize} lines per transaction, refusing longer lines (413). */
  public ProductImport(Db db, Cache cache, int batchSize, int maxLineBytes) {
    if (batchSize < 1 || maxLineBytes < 1) {
      throw new IllegalArgumentException("batchSize and maxLineBytes must be >= 1, were "
          + batchSize + " and " + maxLineBytes);
    }
    this.db = db;
    this.cache = cache;
    this.batchSize = batchSize;
    this.maxLineBytes = maxLineBytes;
  }

  /** Batches of 500 lines; lines of at most 64 KiB (413 beyond). */
  public static ProductImport create(Db db, Cache cache) {
    return new ProductImport(db, cache, 500, 64 * 1024);
  }

  /** Checks {@code Content-Type} (415), then reads the body line by line. */
  public void handle(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (!NDJSON.equals(MediaTypes.essence(contentType))) {
      throw Problem.unsupportedMediaType(contentType, List.of(NDJSON));
    }
    new ProductImportRun(ctx, db, cache, batchSize, maxLineBytes).start();
  }
}
