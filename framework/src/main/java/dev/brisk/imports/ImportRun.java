package dev.brisk.imports;

import dev.brisk.db.Db;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import io.netty.handler.codec.http2.Http2Error;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One import request: splits the body into lines as it arrives, validates each, and writes full
 * batches while the request is paused, so at most one batch and one line are in memory whatever
 * the body size. A line over {@code maxLineBytes} is skipped and reported like any invalid line;
 * any other limit crossed ({@link ImportLimits}) answers a problem and closes the connection
 * rather than reading the rest. Runs on the request's event loop; not thread-safe.
 */
final class ImportRun {

  /** Lines validated per event-loop task: a thousand invalid ones take a few milliseconds. */
  private static final int LINES_PER_TURN = 1_000;

  private final RoutingContext ctx;
  private final ImportLimits limits;
  private final Db db;
  private final BatchWriter writer;
  /** Null for none. */
  private final AfterBatch afterBatch;
  private final LineReader reader;
  private final ImportTally tally;
  private final ImportBody body;
  private ImportLines parser;
  private List<ImportLine> batch = new ArrayList<>();
  private boolean failed;
  /** Whether the whole body was read: its last batch is then written whatever happens. */
  private boolean bodyRead;
  private long timer = -1;
  private long stallCheck = -1;
  /** The batch write in flight, if any. */
  private Future<Void> writing = Future.succeededFuture();
  /** The number of the last line handed on by the parser. */
  private long lastLine;
  /** The first line of the batch being filled, and how many lines were rejected before it. */
  private long batchStart;
  private long rejectedBeforeBatch;

  ImportRun(RoutingContext ctx, ImportLimits limits, Db db, BatchWriter writer,
      AfterBatch afterBatch, LineReader reader, ImportTally tally, ImportBody body) {
    this.ctx = ctx;
    this.limits = limits;
    this.db = db;
    this.writer = writer;
    this.afterBatch = afterBatch;
    this.reader = reader;
    this.tally = tally;
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
        ImportRun::requestTimeout,
        "The import was not read within " + limits.maxDuration().toSeconds() + " s"));
    // A client that stops sending holds the caller's import slot: checked four times per stall
    // timeout while the import waits for bytes.
    Duration stallTimeout = limits.stallTimeout();
    stallCheck = ctx.vertx().setPeriodic(Math.max(1, stallTimeout.toMillis() / 4), id -> {
      if (body.stalledFor(stallTimeout.toNanos())) {
        cutOff(lastLine + 1, ImportRun::requestTimeout, "The import body stalled: nothing "
            + "arrived for " + stallTimeout.toSeconds() + " s");
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
    parser = new ImportLines(body, limits.maxLineBytes(), LINES_PER_TURN,
        task -> ctx.vertx().setTimer(1, id -> task.run()), this::onLine, v -> {
      bodyRead = true;
      stopTimers();
      writeBatch().onSuccess(x -> respond()).onFailure(this::fail);
    });
    parser.start();
  }

  private static Problem requestTimeout(String detail) {
    return Problem.of(408, "request-timeout", "Request Timeout", detail);
  }

  private void onLine(ImportLines.Line line) {
    if (failed) {
      return;
    }
    lastLine = line.number();
    LineReader.Read read = reader.read(line);
    if (read.isBlank()) {
      return;
    }
    if (tally.countLine() > limits.maxLines()) {
      cutOff(line.number(), Problem::payloadTooLarge, "The import has more than "
          + limits.maxLines() + " lines");
      return;
    }
    if (read.error() != null) {
      tally.reject(line.number(), read.error());
      return;
    }
    if (batch.isEmpty()) {
      batchStart = line.number();
      rejectedBeforeBatch = tally.rejected();
    }
    batch.add(new ImportLine(line.number(), read.value()));
    if (batch.size() >= limits.batchSize()) {
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

  private Future<Void> writeBatch() {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ImportLine> full = batch;
    long start = batchStart;
    long rejectedBefore = rejectedBeforeBatch;
    batch = new ArrayList<>(limits.batchSize());
    return db.inTransaction(tx -> writer.write(tx, full))
        .recover(e -> Future.failedFuture(unwritten(e, start, rejectedBefore)))
        .compose(refused -> {
          long written = full.size() - refusedIn(full, refused);
          tally.imported(written);
          refused.forEach(tally::reject);
          return afterBatch == null || written == 0 ? Future.succeededFuture()
              : afterBatch.committed(written);
        });
  }

  /** How many of {@code lines} the writer refused; it may only name lines of its batch. */
  private static long refusedIn(List<ImportLine> lines, Map<Long, String> refused) {
    if (refused == null) {
      throw new IllegalStateException("the batch writer answered null instead of its errors");
    }
    Set<Long> numbers = new HashSet<>();
    lines.forEach(line -> numbers.add(line.number()));
    for (Long number : refused.keySet()) {
      if (!numbers.contains(number)) {
        throw new IllegalStateException("the batch writer refused line " + number
            + ", which is not in its batch (lines " + lines.get(0).number() + " to "
            + lines.get(lines.size() - 1).number() + ")");
      }
    }
    return refused.size();
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
    tally.rewind(start, rejectedBefore);
    return tally.withProgress(problem, start);
  }

  private void respond() {
    if (!failed) {
      tally.answer(ctx);
    }
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
    writing.onComplete(ar -> ctx.fail(ar.failed() ? ar.cause() : tally.withProgress(
        problem.apply(limit + "; " + tally.importedCount() + " from the lines before line "
            + next + "; resend from there"), next)));
  }

  private void stopTimers() {
    ctx.vertx().cancelTimer(timer);
    ctx.vertx().cancelTimer(stallCheck);
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
