package dev.brisk.shop.products;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.shop.Versions;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One import request: splits the body into lines as it arrives, validates each, and writes full
 * batches while the request is paused, so at most one batch and one line are in memory whatever
 * the body size. Runs on the request's event loop; not thread-safe.
 */
final class ProductImportRun {

  private final RoutingContext ctx;
  private final Db db;
  private final int batchSize;
  private final Cache cache;
  private final int maxLineBytes;
  private final TreeMap<Long, String> errors = new TreeMap<>();
  private RecordParser parser;
  private List<ProductImportLine> batch = new ArrayList<>();
  private long lineNumber;
  private long lines;
  private long imported;
  private long rejected;
  private boolean failed;

  ProductImportRun(RoutingContext ctx, Db db, Cache cache, int batchSize, int maxLineBytes) {
    this.cache = cache;
    this.ctx = ctx;
    this.db = db;
    this.batchSize = batchSize;
    this.maxLineBytes = maxLineBytes;
  }

  void start() {
    HttpServerRequest request = ctx.request();
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      request.response().writeContinue();
    }
    parser = RecordParser.newDelimited("\n", request).maxRecordSize(maxLineBytes);
    parser.exceptionHandler(this::fail);
    parser.endHandler(v -> writeBatch().onSuccess(x -> respond()).onFailure(this::fail));
    parser.handler(this::onLine);
  }

  private void onLine(Buffer raw) {
    lineNumber++;
    if (failed) {
      return;
    }
    if (raw.length() > maxLineBytes) {
      // RecordParser only checks the limit while a line is incomplete; a whole chunk may hold it.
      fail(tooLong(lineNumber));
      return;
    }
    String text = raw.toString(StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return;
    }
    lines++;
    ProductImportLine.Parsed parsed = ProductImportLine.parse(lineNumber, text.strip());
    if (parsed.error() != null) {
      addError(lineNumber, parsed.error());
      return;
    }
    batch.add(parsed.product());
    if (batch.size() >= batchSize) {
      // Backpressure: no more body is read until this batch is committed.
      parser.pause();
      writeBatch().onSuccess(x -> parser.resume()).onFailure(this::fail);
    }
  }

  private Future<Void> writeBatch() {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ProductImportLine> full = batch;
    batch = new ArrayList<>(batchSize);
    return ProductImportBatch.write(db, full).compose(result -> {
      imported += result.inserted();
      result.errors().forEach(this::addError);
      // New products show in their categories: committed, so no cached category may hide them.
      return result.inserted() == 0 ? Future.succeededFuture()
          : cache.invalidate(Versions.productTags(List.of()));
    });
  }

  /** Keeps the first {@link ProductImport#MAX_REPORTED_ERRORS} errors by line; counts all. */
  private void addError(long line, String detail) {
    rejected++;
    if (errors.size() < ProductImport.MAX_REPORTED_ERRORS) {
      errors.put(line, detail);
    } else if (line < errors.lastKey()) {
      errors.pollLastEntry();
      errors.put(line, detail);
    }
  }

  private void respond() {
    if (failed) {
      return;
    }
    if (rejected == 0) {
      ctx.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("imported", imported).toBuffer());
      return;
    }
    List<Problem.FieldError> list = new ArrayList<>(errors.size());
    errors.forEach((line, detail) -> list.add(Problem.FieldError.of("/lines/" + line, detail)));
    ctx.fail(Problem.of(422, "validation", "Validation Failed", rejected + " of " + lines
            + " lines were rejected; " + imported + " products were imported")
        .withErrors(list)
        .withExtension("imported", imported)
        .withExtension("rejected", rejected));
  }

  private void fail(Throwable failure) {
    if (failed) {
      return;
    }
    failed = true;
    // Keep reading (and discarding) the rest of the body so the connection stays usable.
    parser.resume();
    boolean parserLimit = failure instanceof IllegalStateException
        && String.valueOf(failure.getMessage()).contains("too long");
    ctx.fail(parserLimit ? tooLong(lineNumber + 1) : failure);
  }

  private Problem tooLong(long line) {
    return Problem.payloadTooLarge("Line " + line + " is longer than " + maxLineBytes
        + " bytes; " + imported + " products were imported before it");
  }
}
