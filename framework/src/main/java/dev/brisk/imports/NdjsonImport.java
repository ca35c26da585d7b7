package dev.brisk.imports;

import dev.brisk.db.Db;
import dev.brisk.http.BodySchema;
import dev.brisk.http.OperationDoc;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A streamed {@code application/x-ndjson} import: one JSON object per line, each validated by a
 * line schema, the valid ones written in batches by a {@link BatchWriter}, one transaction per
 * batch, with the body paused while a batch is written (memory holds one batch and one line).
 * All lines imported: 200 {@code {"imported": n}}; otherwise 422 problem+json with
 * {@code imported}, {@code rejected} and the first 1,000 bad lines as
 * {@code errors[].pointer = /lines/<n>} (1-based), the valid lines still written. Bodies may be
 * {@code Content-Encoding: gzip} or {@code deflate}; {@link ImportLimits} bound them. A crossed
 * limit, a cut body, a failed batch or a stopping server answers what was imported and
 * {@code next_line}, the line to resend from. See {@code docs/streaming.md#import}.
 *
 * <p>{@code routes.documented(products.documented(doc)).upload(POST, "/api/products/import",
 * Access.tier("internal"), limiter, products)} with
 * {@code products = NdjsonImport.create(db, LINE, ProductBatch::write, ImportLimits.defaults())}.
 * Handles requests on their event loop.
 */
public interface NdjsonImport extends Handler<RoutingContext> {

  /** The media type an import reads. */
  String NDJSON = "application/x-ndjson";

  /**
   * An import validating each line with {@code line} and writing batches of valid lines with
   * {@code writer}, each in its own transaction of {@code db}, within {@code limits}.
   */
  static NdjsonImport create(Db db, BodySchema.ObjectSchema line, BatchWriter writer,
      ImportLimits limits) {
    return new DefaultNdjsonImport(db, line, writer, limits, null, "line", "lines");
  }

  /** A copy running {@code hook} after each committed batch that imported a line. */
  NdjsonImport withAfterBatch(AfterBatch hook);

  /**
   * A copy that names what a line holds in its answers' details ("1 product was imported",
   * "9 products were imported"); default "line" and "lines".
   */
  NdjsonImport withItemNames(String one, String many);

  /**
   * {@code operation} with what every import takes and answers: the line schema as the request
   * body ("One line of the body"), {@code application/x-ndjson}, {@code {"imported": n}}, 422.
   */
  OperationDoc documented(OperationDoc operation);

  /**
   * Refuses query parameters (400), a {@code Content-Type} other than
   * {@code application/x-ndjson} with a UTF-8 or no charset and a {@code Content-Encoding} other
   * than gzip, deflate or identity (415), then reads the body and answers. Mount it with
   * {@code routes.upload(...)}, which admits it through a {@code StreamLimiter} and runs it under
   * the long-running deadline.
   */
  @Override
  void handle(RoutingContext ctx);
}
