package dev.brisk.stream;

import dev.brisk.cache.ETags;
import dev.brisk.http.BodyEncoder;
import dev.brisk.http.Compression;
import dev.brisk.http.Requests;
import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http2.Http2Error;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming response: encodes items into a pending buffer that is written (compressed as the
 * client accepts, {@link Compression#encoder}) when it reaches {@link StreamOptions#flushBytes()}
 * or at the end of the event-loop task, pauses the source while the response's write queue is
 * full and resumes it on drain. An SSE stream writes its head, {@code retry:} and heartbeats
 * from the start, while its source still opens (bounded by the request's deadline); other
 * formats write their head with the first item. Runs entirely on the request's context; not
 * thread-safe.
 */
final class StreamPump<T> {

  private static final Logger LOG = LoggerFactory.getLogger(StreamPump.class);

  /** How long a reset HTTP/2 stream may stay open before its connection is closed. */
  static final Duration RESET_GRACE = Duration.ofSeconds(2);

  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final StreamFormat format;
  private final Future<? extends ReadStream<T>> opening;
  /** The opened source; null until then. */
  private ReadStream<T> source;
  private final StreamEncoder<T> encoder;
  private final StreamOptions options;
  private final StreamMeters meters;
  private final Counter items;
  private final Context context;
  private final Promise<StreamResult> result = Promise.promise();
  private Buffer pending;
  /** The body's content coding, chosen with the head; null until then. */
  private BodyEncoder coder;
  private long count;
  private final long startedNanos = System.nanoTime();
  private boolean flushScheduled;
  private boolean done;
  private long heartbeat = -1;
  private long stallTimer = -1;
  /** Ends an SSE stream whose source is not open by the request's deadline. */
  private long openTimer = -1;
  private Runnable unregisterAbort = () -> { };
  /** The request whose final {@code Server-Timing} goes out as a trailer; null outside one. */
  private RequestScope timed;

  StreamPump(RoutingContext ctx, StreamFormat format, Future<? extends ReadStream<T>> opening,
      StreamEncoder<T> encoder, StreamOptions options, StreamMeters meters) {
    this.ctx = ctx;
    this.response = ctx.response();
    this.format = format;
    this.opening = opening;
    this.encoder = encoder;
    this.options = options;
    this.meters = meters;
    this.items = meters.items(format);
    this.context = Vertx.currentContext() != null ? Vertx.currentContext()
        : ctx.vertx().getOrCreateContext();
  }

  Future<StreamResult> start() {
    if (!opening.isComplete() && format == StreamFormat.SSE && !isGone()
        && ctx.request().method() == HttpMethod.GET && !isPreconditionUnmet("If-Match")
        && !isPreconditionUnmet("If-None-Match")) {
      // Head, retry: and heartbeats now: a source slow to open (waiting for a stream connection,
      // a lock) would otherwise leave the client and the proxies between with nothing to read.
      stream();
      awaitOpening();
      return result.future();
    }
    // A source that fails to open fails the request before anything was written: a problem.
    opening.onComplete(ar -> {
      if (ar.succeeded()) {
        begin(ar.result());
      } else {
        done = true;
        result.fail(ar.cause());
      }
    });
    return result.future();
  }

  /** A reset connection runs the end handlers before the response reads as closed. */
  private boolean isGone() {
    return response.ended() || response.closed() || HeldBody.hasEnded(ctx);
  }

  /** Streams the opened {@code items}: their head, or the head of a HEAD or a failed check. */
  private void begin(ReadStream<T> items) {
    source = items;
    if (isGone()) {
      done = true;
      abortSource();
      finish(StreamResult.Outcome.CLOSED);
      return;
    }
    if (isPreconditionUnmet("If-Match")) {
      done = true;
      abortSource();
      result.fail(Problem.preconditionFailed("If-Match names an ETag, and a stream has none "
          + "(only * matches); send the request without If-Match"));
      return;
    }
    boolean unmodified = isPreconditionUnmet("If-None-Match");
    if (ctx.request().method() == HttpMethod.HEAD || unmodified) {
      // The head a GET would get, without reading a row.
      writeHeaders();
      done = true;
      abortSource();
      if (unmodified) {
        response.setChunked(false).setStatusCode(304);
      }
      response.end();
      finish(StreamResult.Outcome.COMPLETED);
      return;
    }
    stream();
    attach(items);
  }

  /** Sets the head and the prelude up, and for SSE writes them and starts the heartbeats. */
  private void stream() {
    RequestScope scope = RequestScope.current();
    timed = scope;
    if (scope != null) {
      // The request histogram times a stream to its head: its length is the client's pace.
      ctx.addHeadersEndHandler(v -> scope.headWritten());
    }
    writeHeaders();
    // Fails when the connection closes first; succeeds when someone (e.g. the deadline's 504)
    // ended the response: either way the source has to stop.
    ctx.addEndHandler(ar -> onGone());
    if (scope != null) {
      // A server that stops while the stream runs ends it with the documented error frame.
      unregisterAbort = scope.onAbort(why -> {
        onSourceFailure(why);
        abortSource();
      });
    }
    pending = Frames.prelude(format, options);
    if (format == StreamFormat.SSE) {
      heartbeat = ctx.vertx().setPeriodic(options.heartbeat().toMillis(), id -> onHeartbeat());
      flush();
    }
  }

  /**
   * Attaches the source once it opens; until the request's deadline, after which the stream
   * ends with a 504 record and what the opening waits for is cancelled (the head is written, so
   * the request pipeline no longer answers the deadline itself).
   */
  private void awaitOpening() {
    RequestScope scope = timed;
    if (scope != null) {
      long millis = Math.max(1, scope.remainingNanos() / 1_000_000);
      openTimer = ctx.vertx().setTimer(millis, id -> {
        openTimer = -1;
        if (!done && source == null) {
          scope.expire();
          onSourceFailure(Problem.gatewayTimeout("The stream's query did not start within the "
              + "request's deadline (" + millis + " ms)"));
        }
      });
    }
    opening.onComplete(ar -> {
      cancelOpenTimer();
      if (ar.succeeded()) {
        attach(ar.result());
      } else {
        onSourceFailure(ar.cause());
      }
    });
  }

  /** Reads {@code items} into the response; closes them at once if the stream is over. */
  private void attach(ReadStream<T> items) {
    source = items;
    if (done) {
      abortSource();
      return;
    }
    try {
      source.exceptionHandler(this::onSourceFailure);
      source.endHandler(v -> onEnd());
      source.handler(this::onItem);
      if (response.writeQueueFull()) {
        // Heartbeats filled it while the source opened: the drain handler resumes it.
        source.pause();
      }
    } catch (RuntimeException e) {
      abortSource();
      onSourceFailure(e);
    }
  }

  /**
   * Whether a precondition header fails against a stream, whose representation has no tag (its
   * head leaves before its rows are read): an {@code If-Match} holds only as {@code *}, an
   * {@code If-None-Match} fails only as {@code *} (RFC 9110 section 13.1). Evaluated once the
   * handler's own checks have passed, so a request they refuse gets their answer.
   */
  private boolean isPreconditionUnmet(String header) {
    String value = Requests.headerList(ctx, header);
    if (value == null) {
      return false;
    }
    // A stream has no tag: only * matches it.
    return header.equals("If-Match") ? !ETags.matchesStrongly(value, null)
        : ETags.matches(value, null);
  }

  private void writeHeaders() {
    response.setChunked(true);
    response.putHeader("Content-Type", format.mediaType());
    response.putHeader("Cache-Control", format == StreamFormat.SSE ? "no-cache" : "no-store");
    String vary = response.headers().get("Vary");
    response.putHeader("Vary", vary == null ? "Accept" : vary + ", Accept");
    coder = Compression.encoder(ctx.request(), format.mediaType());
    if (format == StreamFormat.SSE) {
      // Reverse proxies such as nginx would otherwise buffer the event stream.
      response.putHeader("X-Accel-Buffering", "no");
    }
    if (timed != null) {
      // The head's Server-Timing counts what ran before the first row; the trailer, everything.
      response.putHeader("Trailer", "Server-Timing");
    }
  }

  /** Ends the response with {@code last} and, when timed, the final {@code Server-Timing}. */
  private void end(Buffer last) {
    if (timed != null) {
      response.putTrailer("Server-Timing", timed.serverTiming());
    }
    response.end(coder.finish(last));
  }

  private void onItem(T item) {
    if (done) {
      return;
    }
    try {
      Frames.item(pending, format, encoder, item, count);
    } catch (RuntimeException e) {
      abortSource();
      onSourceFailure(e);
      return;
    }
    count++;
    items.increment();
    if (pending.length() >= options.flushBytes()) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (done || pending.length() == 0) {
      return;
    }
    Buffer out = pending;
    pending = Buffer.buffer();
    response.write(coder.encode(out));
    if (response.writeQueueFull()) {
      if (source != null) {
        source.pause();
      }
      armStallTimer();
      response.drainHandler(v -> {
        cancelStallTimer();
        if (!done && source != null) {
          source.resume();
        }
      });
    }
  }

  /** One timer per stall (not per write): the client must drain before it fires. */
  private void armStallTimer() {
    if (stallTimer < 0) {
      stallTimer = ctx.vertx().setTimer(options.stallTimeout().toMillis(), id -> onStalled());
    }
  }

  private void cancelStallTimer() {
    if (stallTimer >= 0) {
      ctx.vertx().cancelTimer(stallTimer);
      stallTimer = -1;
    }
  }

  private void onStalled() {
    stallTimer = -1;
    if (done) {
      return;
    }
    if (SocketProbe.tookBytes(ctx.request().connection())) {
      // The client reads, only slower than the socket's buffers let the event loop see.
      if (response.writeQueueFull()) {
        armStallTimer();
      }
      return;
    }
    done = true;
    stopHeartbeat();
    abortSource();
    LOG.info("Cut off a stream on {} after {} items: the client read nothing for {} ms",
        ctx.request().path(), count, options.stallTimeout().toMillis());
    if (ctx.request().version() == HttpVersion.HTTP_2) {
      // Other streams share the connection: reset this one alone (its queued frames go with it).
      response.reset(Http2Error.CANCEL.code());
      // A client reading nothing at all on the connection leaves the reset queued behind data:
      // the stream would stay open, with its slot, until the connection closes. Close it then.
      ctx.vertx().setTimer(RESET_GRACE.toMillis(), id -> {
        if (!response.closed()) {
          LOG.info("Closing {}: a stream reset {} ms ago is still open (nothing is read)",
              ctx.request().connection().remoteAddress(), RESET_GRACE.toMillis());
          ctx.request().connection().close();
        }
      });
    } else {
      // Closing the connection frees what the write queue holds; a reset alone may not.
      ctx.request().connection().close();
    }
    finish(StreamResult.Outcome.CUT_OFF);
  }

  private void onHeartbeat() {
    if (!done && !response.writeQueueFull()) {
      pending.appendBuffer(Frames.heartbeat());
      flush();
    }
  }

  private void onEnd() {
    if (done) {
      return;
    }
    done = true;
    stopHeartbeat();
    end(pending.appendBuffer(Frames.epilogue(format, count)));
    finish(StreamResult.Outcome.COMPLETED);
  }

  private void onSourceFailure(Throwable failure) {
    if (done) {
      return;
    }
    done = true;
    stopHeartbeat();
    if (!response.headWritten()) {
      // Nothing reached the client: the caller can still answer with a problem.
      unregisterAbort.run();
      coder.discard();
      meters.completed(format, StreamResult.Outcome.FAILED, System.nanoTime() - startedNanos);
      result.fail(failure);
      return;
    }
    Buffer record = Frames.error(format, problem(failure));
    if (record == null) {
      response.reset(Http2Error.INTERNAL_ERROR.code());
    } else {
      end(pending.appendBuffer(record));
    }
    finish(StreamResult.Outcome.FAILED);
  }

  private void onGone() {
    if (done) {
      return;
    }
    done = true;
    stopHeartbeat();
    abortSource();
    finish(StreamResult.Outcome.CLOSED);
  }

  /** Stops the source; one still opening is closed by {@link #attach} when it opens. */
  private void abortSource() {
    if (source != null) {
      Sources.close(source);
    }
  }

  private Problem problem(Throwable failure) {
    if (failure instanceof Problem p) {
      return p;
    }
    RequestScope scope = RequestScope.current();
    String requestId = scope == null ? "-" : scope.requestId();
    LOG.error("Stream failed after {} items on {} (request id {})", count,
        ctx.request().path(), requestId, failure);
    return Problem.internal(requestId);
  }

  private void cancelOpenTimer() {
    if (openTimer >= 0) {
      ctx.vertx().cancelTimer(openTimer);
      openTimer = -1;
    }
  }

  private void stopHeartbeat() {
    cancelStallTimer();
    cancelOpenTimer();
    if (heartbeat >= 0) {
      ctx.vertx().cancelTimer(heartbeat);
      heartbeat = -1;
    }
  }

  private void finish(StreamResult.Outcome outcome) {
    unregisterAbort.run();
    if (coder != null) {
      // A stream that was not finished (reset, cut off, gone) still holds its encoder.
      coder.discard();
    }
    meters.completed(format, outcome, System.nanoTime() - startedNanos);
    result.tryComplete(new StreamResult(count, outcome));
  }
}
