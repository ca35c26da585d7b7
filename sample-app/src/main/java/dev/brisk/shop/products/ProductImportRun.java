package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import io.netty.handler.codec.http2.Http2Error;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One import request: splits the body into lines as it arrives, validates each, and writes full
 * batches while the request is paused, so at most one batch and one line are in memory whatever
 * the body size. A line over {@code maxLineBytes} is skipped and reported like any invalid line;
 * any other limit crossed ({@link ProductImportLimits}) answers a problem and closes the connection
 * rather than reading the rest. Runs on the request's event loop; not thread-safe.
 */
final class ProductImportRun {

  /** Lines validated per event-loop task: a thousand invalid ones take a few milliseconds. */
  private static final int LINES_PER_TURN = 1_000;
  private static final String BOM = "\uFEFF";

  private final RoutingContext ctx;
  private final Db db;
  private final int batchSize;
  private final Cache cache;
  private final RowVersions versions;
  private final int maxLineBytes;
  private final ProductImportLimits limits;
  private final ImportBody body;
  private final TreeMap<Long, String> errors = new TreeMap<>();
  private ImportLines parser;
  private List<ProductImportLine> batch = new ArrayList<>();
  private long lines;
  private long imported;
  private long rejected;
  private boolean failed;
  /** Whether the whole body was read: its last batch is then written whatever happens. */
  private boolean bodyRead;
  private long timer = -1;
  private long stallCheck = -1;
  private final Duration stallTimeout;
  /** The batch write in flight, if any. */
  private Future<Void> writing = Future.succeededFuture();
  /** The number of the last line handed on by the parser. */
  private long lastLine;
  /** The first line of the batch being filled, and how many lines were rejected before it. */
  private long batchStart;
  private long rejectedBeforeBatch;

  ProductImportRun(RoutingContext ctx, Db db, Cache cache, RowVersions versions, int batchSize,
      ProductImportLimits limits, Duration stallTimeout, ImportBody body) {
    this.stallTimeout = stallTimeout;
    this.cache = cache;
    this.versions = versions;
    this.ctx = ctx;
    this.db = db;
    this.batchSize = batchSize;
    this.maxLineBytes = limits.maxLineBytes();
    this.limits = limits;
    this.body = body;
  }

  void start() {
    HttpServerRequest request = ctx.request();
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      request.response().writeContinue();
    }
    // The limit is on reading the body: once it has ended, its last batch is written whatever
    // the time.
    timer = ctx.vertx().setTimer(limits.maxDuration().toMillis(), id -> cutOff(lastLine + 1,
        detail -> Problem.of(408, "request-timeout", "Request Timeout", detail),
        "The import was not read within " + limits.maxDuration().toSeconds() + " s"));
    // A client that stops sending holds the caller's one import slot: checked four times per
    // stall timeout while the import waits for bytes.
    stallCheck = ctx.vertx().setPeriodic(Math.max(1, stallTimeout.toMillis() / 4), id -> {
      if (body.stalledFor(stallTimeout.toNanos())) {
        cutOff(lastLine + 1, detail -> Problem.of(408, "request-timeout", "Request Timeout",
            detail), "The import body stalled: nothing arrived for "
            + stallTimeout.toSeconds() + " s");
      }
    });
    ctx.addEndHandler(ar -> stopTimers());
    // A server stopping mid-import: say what was imported and where to resume, elsewhere.
    // Once the body is read, its last batch is in flight and only its outcome can say that:
    // a 503 now would count its lines as written, and they may not be.
    Requests.onShutdown(ctx, () -> {
      if (!bodyRead) {
        cutOff(lastLine + 1,
            detail -> Problem.unavailable(detail).withRetryAfter(Duration.ofSeconds(1)),
            "The server is shutting down");
      }
    });
    body.exceptionHandler(e -> {
      if (e instanceof Problem p && p.status() == 413) {
        cutOff(lastLine + 1, Problem::payloadTooLarge, p.detail());
      } else if (e instanceof Problem p && p.status() == 400) {
        // A compressed body found corrupt or cut: say what its lines before that imported.
        cutOff(lastLine + 1, Problem::badRequest, p.detail());
      } else {
        fail(e);
      }
    });
    // The next turn is a timer, not runOnContext: Netty runs queued tasks, those they queue
    // included, for up to a second before it reads sockets again.
    parser = new ImportLines(body, maxLineBytes, LINES_PER_TURN,
        task -> ctx.vertx().setTimer(1, id -> task.run()), this::onLine, v -> {
      bodyRead = true;
      stopTimers();
      writeBatch().onSuccess(x -> respond()).onFailure(this::fail);
    });
    parser.start();
  }

  private void onLine(ImportLines.Line line) {
    if (failed) {
      return;
    }
    lastLine = line.number();
    Text decoded = line.isTooLong() ? null : Text.of(line.bytes());
    String text = decoded == null ? null : decoded.text();
    if (text != null && text.startsWith(BOM)) {
      // As JSON parsers may (RFC 8259 section 8.1), and Jackson does before a value: a line
      // holding a byte order mark alone is blank too.
      text = text.substring(BOM.length());
    }
    if (text != null && text.isBlank()) {
      return;
    }
    if (++lines > limits.maxLines()) {
      cutOff(line.number(), Problem::payloadTooLarge, "The import has more than "
          + limits.maxLines() + " lines");
      return;
    }
    if (decoded == null) {
      addError(line.number(), "line is longer than " + maxLineBytes
          + " bytes (the import's line limit); it was skipped");
      return;
    }
    if (text == null) {
      // Decoding leniently would store U+FFFD in place of the client's bytes.
      addError(line.number(), "line is not valid UTF-8 (byte " + (decoded.invalidAt() + 1)
          + " of the line); send UTF-8 text");
      return;
    }
    ProductImportLine.Parsed parsed = ProductImportLine.parse(line.number(), text.strip());
    if (parsed.error() != null) {
      addError(line.number(), parsed.error());
      return;
    }
    if (batch.isEmpty()) {
      batchStart = line.number();
      rejectedBeforeBatch = rejected;
    }
    batch.add(parsed.product());
    if (batch.size() >= batchSize) {
      // Backpressure: no more body is read until this batch is committed.
      parser.pause();
      writing = writeBatch();
      writing.onSuccess(x -> {
        if (!failed) {
          parser.resume();
        }
      }).onFailure(this::fail);
    }
  }

  /** A line's text, or null with the offset of the first byte that is not valid UTF-8. */
  record Text(String text, int invalidAt) {

    static Text of(Buffer bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes.getBytes());
      // UTF-8 never decodes to more chars than it has bytes.
      CharBuffer out = CharBuffer.allocate(in.remaining());
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      CoderResult result = decoder.decode(in, out, true);
      if (!result.isError()) {
        result = decoder.flush(out);
      }
      return result.isError() ? new Text(null, in.position())
          : new Text(out.flip().toString(), -1);
    }
  }

  private Future<Void> writeBatch() {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ProductImportLine> full = batch;
    long start = batchStart;
    long rejectedBefore = rejectedBeforeBatch;
    batch = new ArrayList<>(batchSize);
    return ProductImportBatch.write(db, full)
        .recover(e -> Future.failedFuture(unwritten(e, start, rejectedBefore)))
        .compose(result -> {
          imported += result.inserted();
          result.errors().forEach(this::addError);
          // New products show in their categories: committed, no cached category may hide them.
          return result.inserted() == 0 ? Future.succeededFuture()
              : cache.invalidate(versions.written(PRODUCT, List.of()));
        });
  }

  /**
   * The batch from line {@code start} was not written (its transaction failed: a lock held past
   * the statement timeout, the database gone): the problem says what the batches before it
   * imported and where to resume, as a cut-off does; the errors and count of its own lines go,
   * since they are read again. An unexpected failure stays a bare 500.
   */
  private Throwable unwritten(Throwable failure, long start, long rejectedBefore) {
    if (!(failure instanceof Problem problem)) {
      return failure;
    }
    errors.tailMap(start).clear();
    rejected = rejectedBefore;
    return withProgress(problem, start);
  }

  /** {@code problem} saying what was imported before line {@code next}, where to resume. */
  private Problem withProgress(Problem problem, long next) {
    return problem.withErrors(errorList())
        .withExtension("imported", imported)
        .withExtension("rejected", rejected)
        .withExtension("next_line", next);
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
    ctx.fail(Problem.of(422, "validation", "Validation Failed", rejected + " of " + lines
            + (lines == 1 ? " line" : " lines") + (rejected == 1 ? " was" : " were")
            + " rejected; " + importedCount())
        .withErrors(errorList())
        .withExtension("imported", imported)
        .withExtension("rejected", rejected));
  }

  /**
   * A limit was crossed, or the server is stopping, at line {@code next} (the first line not read
   * in full): nothing more is read, the lines before it are written (after the batch in flight,
   * if any), and the problem says exactly what was imported and where to resume, with the errors
   * of the lines before it.
   * The rest of the body may be endless: answer, then stop it. HTTP/1.1 closes the connection;
   * HTTP/2 resets the stream with {@code NO_ERROR}, which asks the client to stop sending (RFC
   * 9113 section 8.1) and leaves the connection's other streams alone, and a
   * {@code Connection} header there would make clients refuse the answer as malformed.
   */
  private void cutOff(long next, Function<String, Problem> problem, String limit) {
    if (failed) {
      return;
    }
    failed = true;
    parser.pause();
    stopTimers();
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      ctx.addEndHandler(ar -> ctx.response().reset(Http2Error.NO_ERROR.code()));
    } else {
      ctx.response().putHeader("Connection", "close");
      ctx.addEndHandler(ar -> ctx.request().connection().close());
    }
    writing = writing.compose(x -> writeBatch());
    writing.onComplete(ar -> ctx.fail(ar.failed() ? ar.cause() : withProgress(problem.apply(
        limit + "; " + importedCount() + " from the lines before line " + next
            + "; resend from there"), next)));
  }

  /** "1 product was imported", "2 products were imported". */
  private String importedCount() {
    return imported + (imported == 1 ? " product was" : " products were") + " imported";
  }

  private void stopTimers() {
    ctx.vertx().cancelTimer(timer);
    ctx.vertx().cancelTimer(stallCheck);
  }

  private List<Problem.FieldError> errorList() {
    List<Problem.FieldError> list = new ArrayList<>(errors.size());
    errors.forEach((line, detail) -> list.add(Problem.FieldError.of("/lines/" + line, detail)));
    return list;
  }

  /** Reads no further and answers {@code failure}; the framework drops or stops the rest. */
  private void fail(Throwable failure) {
    if (failed) {
      return;
    }
    failed = true;
    parser.pause();
    stopTimers();
    ctx.fail(failure);
  }
}
