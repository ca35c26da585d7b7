package dev.brisk.http;

import dev.brisk.internal.HeldBody;
import dev.brisk.internal.RequestScope;
import dev.brisk.internal.ThrottledLog;
import dev.brisk.metrics.HttpMetrics;
import dev.brisk.problem.Problem;
import io.netty.handler.codec.http2.Http2Error;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request starts with, before the request gate: request id, {@link RequestScope},
 * deadline, {@code Server-Timing} and {@code Date}. Runs on the request's event loop.
 */
final class RequestPipeline {

  static final String REQUEST_ID = "X-Request-Id";
  private static final CharSequence SERVER_TIMING = HttpHeaders.createOptimized("Server-Timing");
  private static final CharSequence REQUEST_ID_NAME = HttpHeaders.createOptimized(REQUEST_ID);
  private static final CharSequence TRAILER = HttpHeaders.createOptimized("Trailer");
  private static final String TIMER = "brisk.deadline.timer";
  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  /** Connection-specific fields, which HTTP/2 messages must not carry. */
  private static final List<CharSequence> CONNECTION_FIELDS = List.of(HttpHeaders.CONNECTION,
      HttpHeaders.KEEP_ALIVE, HttpHeaders.createOptimized("Proxy-Connection"),
      HttpHeaders.TRANSFER_ENCODING, HttpHeaders.UPGRADE);

  private static final Logger ACCESS = LoggerFactory.getLogger("brisk.access");
  private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
  /** Failures that escaped every handler: identical ones logged once per 10 s with a count. */
  private static final ThrottledLog UNCAUGHT = new ThrottledLog(LOG, Duration.ofSeconds(10),
      System::nanoTime);
  /** The longest a request whose COMMIT is in flight waits past its deadline for the outcome. */
  static final Duration MAX_COMMIT_WAIT = Duration.ofSeconds(10);
  /** The longest path an access line holds. */
  private static final int MAX_LOGGED_PATH = 1024;

  private final Duration deadline;
  private final boolean accessLog;
  private final HttpMetrics metrics;
  private final Deadlines deadlines;
  private final Routes routes;
  private final Map<RoutingContext, Running> inFlight = new HashMap<>();
  /** Set on the event loop when the drain timeout passes. */
  private boolean drained;
  /** While requests that were running when the drain began still run: when it began, or 0. */
  private long drainingSince;
  private int drainedCount;
  /** Completed once no request runs after the drain began; null before it. */
  private Promise<Void> allEnded;

  RequestPipeline(Duration deadline, boolean accessLog, HttpMetrics metrics,
      Deadlines deadlines, Routes routes) {
    this.deadline = deadline;
    this.routes = routes;
    this.accessLog = accessLog;
    this.metrics = metrics;
    this.deadlines = deadlines;
  }

  /** Sets the request up; the caller then passes it on. */
  void begin(RoutingContext ctx) {
    String id = ctx.request().getHeader(REQUEST_ID);
    if (id == null || !VALID_ID.matcher(id).matches()) {
      id = newRequestId();
    }
    Context context = ctx.vertx().getOrCreateContext();
    RequestScope parent = RequestScope.handedTo(context);
    // A sub-request of a batch shares what is left of the outer request's deadline.
    long budget = parent == null ? deadline.toNanos()
        : Math.max(0, Math.min(deadline.toNanos(), parent.remainingNanos()));
    RequestScope scope = new RequestScope(id, budget, System::nanoTime, parent);
    scope.bind(context);
    HttpServerResponse response = ctx.response();
    response.putHeader(REQUEST_ID_NAME, id);
    HttpVersion version = ctx.request().version();
    // A sub-request of a batch has the outer request's version, not its connection.
    boolean http10 = version == HttpVersion.HTTP_1_0 && parent == null;
    ctx.addHeadersEndHandler(v -> {
      response.putHeader(SERVER_TIMING, scope.serverTiming());
      if (parent == null) {
        // Taken as the head leaves (RFC 9110 section 6.6.1); a sub-response is no HTTP message.
        response.putHeader(HttpDate.NAME, HttpDate.now());
      }
      if (version == HttpVersion.HTTP_2) {
        dropConnectionFields(response.headers());
      } else if (http10) {
        delimitByClose(ctx);
      }
    });
    // Only a chunked body can fail to decode after the head (a Content-Length body cannot).
    if (parent == null && version != HttpVersion.HTTP_2
        && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      ctx.request().exceptionHandler(failure -> refuseBrokenFraming(ctx, failure));
    }
    if (http10) {
      ctx.addEndHandler(ended -> {
        if (response.headers().contains(HttpHeaders.CONNECTION, HttpHeaders.CLOSE, true)) {
          ctx.request().connection().close();
        }
      });
    }
    // A sub-request of a batch ends with the batch (its deadline, the drain, its client leaving);
    // at the batch's deadline or drain, one whose write changed data is left to its own, which
    // waits for its answer as a request's alone does (the batch changed nothing itself).
    Running running = new Running(ctx, scope, context,
        parent == null ? null : parent.onExpire(() -> {
          if (parent.isEnded() || !scope.awaitsOutcome()) {
            scope.expire();
          } else {
            parent.outlivedBy(scope);
          }
        }));
    ctx.put(TIMER, deadlines.add(budget, running));
    scope.onUncaught(running);
    inFlight.put(ctx, running);
    ctx.addEndHandler(running);
  }

  /**
   * Answers a body Netty's decoder refused (a malformed chunk) while nothing reads the body yet
   * (the route has not asked for it; a body reader that has replaces this handler and fails the
   * request itself): Vert.x closes the connection right after, so the 400 is sent now.
   */
  private static void refuseBrokenFraming(RoutingContext ctx, Throwable failure) {
    if (ProblemResponder.fromHttpDecoder(failure) && !ctx.failed()
        && !ctx.response().headWritten()) {
      ctx.fail(failure);
    }
  }

  /**
   * Removes the fields HTTP/2 forbids in a message (RFC 9113 section 8.2.2), which a handler
   * written for HTTP/1.1 may set ({@code Connection: close}): clients refuse an answer carrying
   * one as malformed.
   */
  private static void dropConnectionFields(MultiMap headers) {
    for (CharSequence name : CONNECTION_FIELDS) {
      headers.remove(name);
    }
  }

  /**
   * Makes an HTTP/1.0 answer what that version can carry (it has no chunked coding): no
   * {@code Trailer} announced (a stream's final {@code Server-Timing} cannot be sent), and a
   * body without {@code Content-Length} (a stream, a streamed batch) ends when the connection
   * closes (RFC 9112 section 6.3): {@code Connection: close}, closed once the response has ended.
   * Vert.x kept a {@code Connection: keep-alive} connection open after such a body, so the
   * client never saw its end.
   */
  private static void delimitByClose(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.remove(TRAILER);
    int status = ctx.response().getStatusCode();
    if (!headers.contains(HttpHeaders.CONTENT_LENGTH) && ctx.request().method() != HttpMethod.HEAD
        && status != 204 && status != 304) {
      headers.set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
  }

  private static void cancelDeadline(RoutingContext ctx) {
    Object deadline = ctx.get(TIMER);
    if (deadline instanceof Deadlines.Entry entry) {
      entry.cancel();
    } else if (deadline instanceof Long timer) {
      ctx.vertx().cancelTimer(timer);
    }
  }

  /**
   * Replaces the request's deadline with {@code limit} from now (long-running routes). Such
   * deadlines are rare and long, so they get a timer of their own instead of the sweep list.
   */
  static void extendDeadline(RoutingContext ctx, Duration limit) {
    RequestScope scope = RequestScope.current();
    if (scope == null || ctx.get(TIMER) == null) {
      return;
    }
    cancelDeadline(ctx);
    scope.resetDeadline(limit.toNanos());
    ctx.put(TIMER, ctx.vertx().setTimer(Math.max(1, limit.toMillis()),
        t -> expire(ctx, scope, limit)));
  }

  private static void expire(RoutingContext ctx, RequestScope scope, Duration limit) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    if (scope.awaitsOutcome()) {
      awaitOutcome(ctx, limit.compareTo(MAX_COMMIT_WAIT) < 0 ? limit : MAX_COMMIT_WAIT);
      return;
    }
    scope.expire();
    // A cancel hook may have started the response: a batch answers the deadline in place.
    if (ctx.response().headWritten()) {
      return;
    }
    boolean unread = scope.parent() == null && !ctx.request().isEnded();
    // The rest of an unread body would be read as the next request: an HTTP/1 connection
    // closes after the answer (a batch's sub-requests have their bodies in full).
    if (unread && ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(ended -> ctx.request().connection().close());
    }
    if (unread && !HeldBody.isHeld(ctx)) {
      // The client is still sending its body: its delay, not the server's.
      ctx.fail(Problem.of(408, "request-timeout", "Request Timeout", "The request body did not "
          + "arrive within the " + limit.toMillis() + " ms deadline"));
      return;
    }
    // Held: the server had not asked for the body yet (a caller lookup or a rate-limit call
    // still running), so the delay is its own.
    ctx.fail(Problem.gatewayTimeout("The request did not complete within its "
        + limit.toMillis() + " ms deadline"));
  }

  /**
   * A {@code COMMIT} is on the wire, or a write has changed data and the handler is still at
   * work after it (invalidating caches, building its answer): a 504 ("not done") could be a lie,
   * so wait for the handler's answer (the truth) for at most {@code wait}, after which the
   * outcome is unknown to the client and said so (its retry with the same
   * {@code Idempotency-Key} replays the write).
   */
  private static void awaitOutcome(RoutingContext ctx, Duration wait) {
    long timer = ctx.vertx().setTimer(Math.max(1, wait.toMillis()), t -> {
      if (!ctx.response().ended() && !ctx.response().headWritten() && !ctx.failed()) {
        ctx.fail(Problem.outcomeUnknown());
      }
    });
    ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
  }

  /**
   * A failure escaped every handler (thrown in a callback): answer it now rather than leave the
   * request to its deadline.
   */
  private static void answerUncaught(RoutingContext ctx, Throwable failure) {
    HttpServerResponse response = ctx.response();
    // One line per distinct failure and interval, as ProblemResponder logs a 500's cause: a bug
    // on a busy route must not write a stack trace per request.
    String where = ctx.request().method() + " " + ctx.request().path();
    String kind = failure.getClass().getName() + " " + failure.getMessage();
    if (response.ended()) {
      UNCAUGHT.error("ended " + kind, "Failure after the response ended on " + where + ": {}",
          failure);
    } else if (response.headWritten()) {
      UNCAUGHT.error("streaming " + kind, "Failure while streaming " + where
          + "; connection reset: {}", failure);
      response.reset(Http2Error.INTERNAL_ERROR.code());
    } else if (ctx.failed()) {
      // The failure handler itself failed: answer without it.
      UNCAUGHT.error("handler " + kind, "Failure handler failed on " + where + ": {}", failure);
      RequestScope scope = RequestScope.current();
      ProblemResponse.write(Problem.internal(scope == null ? "-" : scope.requestId()),
          ctx.request());
    } else {
      ctx.fail(failure);
    }
  }

  /**
   * Ends what is still running {@code within} from now (the server is shutting down): a request
   * that has not answered yet gets a 503 and its work cancelled, a stream its error frame; a
   * request that starts later (one a client pipelined behind another, on a connection still
   * open) gets the 503 at once. Runs on this pipeline's event loop; completes once no request
   * runs any more, on the event-loop turn after the last one's end handlers.
   */
  Future<Void> drain(Vertx vertx, Duration within) {
    allEnded = Promise.promise();
    // A batch's sub-requests are counted as the batch.
    List<RoutingContext> running = inFlight.entrySet().stream()
        .filter(e -> e.getValue().scope.parent() == null).map(Map.Entry::getKey).toList();
    if (!running.isEmpty()) {
      // With the WARN below or the "Drained" line, what a stop did to the requests it found.
      LOG.info("Draining {} request(s) still running on this event loop ({} streaming an "
          + "answer) for up to {} ms", running.size(),
          running.stream().filter(c -> c.response().headWritten()).count(), within.toMillis());
      drainingSince = System.nanoTime();
      drainedCount = running.size();
    }
    if (inFlight.isEmpty()) {
      allEnded.complete();
    }
    vertx.setTimer(Math.max(1, within.toMillis()), t -> {
      drained = true;
      drainingSince = 0;
      if (!inFlight.isEmpty()) {
        // The one sign in the log that a stop cut requests short: raise the drain timeout (and
        // terminationGracePeriodSeconds with it) when it shows up on every rollout.
        LOG.warn("Drain timeout ({} ms) passed with {} request(s) still running on this event "
            + "loop: answering them 503 (streams end with their error record)", within.toMillis(),
            inFlight.size());
      }
      for (Map.Entry<RoutingContext, Running> e : List.copyOf(inFlight.entrySet())) {
        e.getValue().context.runOnContext(v -> abort(e.getKey(), e.getValue().scope,
            shuttingDown()));
      }
    });
    return allEnded.future();
  }

  /**
   * Whether the drain timeout has passed: a request that begins now is answered 503 (and
   * {@code true} returned) instead of being passed on.
   */
  boolean refuseDrained(RoutingContext ctx) {
    if (drained) {
      ctx.fail(shuttingDown());
    }
    return drained;
  }

  private static Problem shuttingDown() {
    return Problem.unavailable("The server is shutting down; retry on another instance")
        .withRetryAfter(Duration.ofSeconds(1));
  }

  private static void abort(RoutingContext ctx, RequestScope scope, Problem why) {
    if (ctx.response().ended()) {
      return;
    }
    if (!ctx.response().headWritten()) {
      if (scope.awaitsOutcome()) {
        // Its writes committed, so only it can say what it did: one that stops when told (an
        // import between batches, Requests.onShutdown) answers what it wrote; any other is left
        // to finish within the last writes.
        scope.abort(why);
        return;
      }
      scope.expire();
      // A cancel hook may have started the response (a batch): then it ends as a stream does.
      if (!ctx.response().headWritten()) {
        ctx.fail(why);
        return;
      }
    }
    scope.abort(why);
  }

  /** One JSON line per request: id, method, route template, path, status, timings, bytes. */
  static String accessLine(RoutingContext ctx, RequestScope scope, String route, int status) {
    // Vert.x counts a HEAD answer's body as written, though it sends none.
    long bytes = ctx.request().method() == HttpMethod.HEAD ? 0 : ctx.response().bytesWritten();
    return accessLine(scope.requestId(), ctx.request(), route, status, scope.elapsedNanos(),
        scope.dbQueries(), scope.dbNanos(), bytes,
        scope.parent() == null ? null : scope.parent().requestId());
  }

  private static String accessLine(String requestId, HttpServerRequest request, String route,
      int status, long nanos, int queries, long dbNanos, long bytes, String parentRequestId) {
    return new JsonObject()
        .put("request_id", requestId)
        .put("method", request.method().name())
        .put("route", route)
        .put("path", loggedPath(request.path()))
        .put("status", status)
        .put("duration_ms", Math.round(nanos / 1e4) / 100.0)
        .put("db_queries", queries)
        .put("db_ms", Math.round(dbNanos / 1e4) / 100.0)
        .put("bytes", bytes)
        .put("parent_request_id", parentRequestId)
        .encode();
  }

  /**
   * Counts a request answered before routing, which no pipeline saw: refused by the HTTP codec
   * (414, 431, 505, 400), or without a valid {@code Host} or {@code :authority}, or an HTTP/2
   * one over HTTP/1's limits. Route {@code unmatched}, no duration (nothing ran); an access line
   * when the log is on.
   */
  void answeredBeforeRouting(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    metrics.record(request.method().name(), null, response.getStatusCode(), 0);
    if (accessLog) {
      ACCESS.info(accessLine(response.headers().get(REQUEST_ID), request, HttpMetrics.UNMATCHED,
          response.getStatusCode(), 0, 0, 0, response.bytesWritten(), null));
    }
  }

  /** At most {@link #MAX_LOGGED_PATH} characters: an HTTP/2 path can be 32 KiB long. */
  private static String loggedPath(String path) {
    return path == null || path.length() <= MAX_LOGGED_PATH ? path
        : path.substring(0, MAX_LOGGED_PATH) + "...";
  }


  static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(r.nextLong() | 1L << 62);
  }

  /**
   * A request still running: its scope and the context its handlers run on. One object per
   * request is its deadline's callback, its uncaught-failure handler and its end handler.
   */
  private final class Running implements Runnable, Consumer<Throwable>,
      Handler<AsyncResult<Void>> {
    private final RoutingContext ctx;
    private final RequestScope scope;
    private final Context context;
    /** Unregisters this sub-request from its batch's scope; null for a top-level request. */
    private final Runnable leaveParent;

    Running(RoutingContext ctx, RequestScope scope, Context context, Runnable leaveParent) {
      this.ctx = ctx;
      this.scope = scope;
      this.context = context;
      this.leaveParent = leaveParent;
    }

    /** The deadline passed (on the sweeping thread): expire the request on its own context. */
    @Override
    public void run() {
      context.runOnContext(x -> expire(ctx, scope, deadline));
    }

    /** A failure escaped every handler. */
    @Override
    public void accept(Throwable failure) {
      answerUncaught(ctx, failure);
    }

    /**
     * The response ended, or the connection closed first: metrics, access log, no more
     * deadline, and a client's leaving cancels the work. A request whose client left before
     * anything was sent counts as {@link HttpMetrics#CLIENT_CLOSED}, not as the 200 a response
     * starts with.
     */
    @Override
    public void handle(AsyncResult<Void> ended) {
      HeldBody.markEnded(ctx);
      scope.end();
      inFlight.remove(ctx);
      if (drainingSince != 0 && inFlight.isEmpty()) {
        LOG.info("Drained: the {} request(s) running on this event loop when the drain began "
            + "finished within {} ms", drainedCount,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainingSince));
        drainingSince = 0;
      }
      if (allEnded != null && inFlight.isEmpty()) {
        // This is the first of the request's end handlers: the rest (a stream slot given back
        // in Redis) run before the next turn, and must before the clients close.
        context.runOnContext(v -> allEnded.tryComplete());
      }
      cancelDeadline(ctx);
      if (leaveParent != null) {
        leaveParent.run();
      }
      if (ended.failed() && !ctx.response().ended()) {
        // The client left before its answer: nobody awaits the work, so it is cancelled as at
        // the deadline (a transaction's statement and the transaction, a cursor, an outbound
        // call) rather than left to run until then.
        scope.expire();
      }
      String route = routes.template(ctx);
      int status = status(ended);
      metrics.record(ctx.request().method().name(), route, status, scope.latencyNanos());
      if (accessLog) {
        ACCESS.info(accessLine(ctx, scope, route == null ? HttpMetrics.UNMATCHED : route,
            status));
      }
    }

    /**
     * The status answered, {@link HttpMetrics#CLIENT_CLOSED} when nothing was. A body whose
     * chunked framing the decoder refused fails the connection, and Vert.x ends the response
     * (this handler) before it tells the request, whose 400 follows at once: it was counted 499.
     */
    private int status(AsyncResult<Void> ended) {
      if (!ended.failed() || ctx.response().headWritten()) {
        return ctx.response().getStatusCode();
      }
      return ProblemResponder.fromHttpDecoder(ended.cause()) ? 400 : HttpMetrics.CLIENT_CLOSED;
    }
  }
}
