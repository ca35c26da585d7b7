package dev.brisk.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Per-request state the framework keeps on the request's duplicated Vert.x context: request id,
 * timings for {@code Server-Timing}, the deadline and cancel hooks for work in flight, and
 * request-scoped attachments (such as DataLoader scopes).
 *
 * <p>Code finds it in one way only: {@link #current()} (or {@link #of(Context)}), a
 * {@link io.vertx.core.spi.context.storage.ContextLocal} slot of the context registered by
 * {@link RequestLocals}.
 *
 * <p>Not API: apps reach it only through the framework. Mutated on the request's event loop only;
 * counters are plain fields for that reason.
 */
public final class RequestScope {

  private final String requestId;
  private final long startNanos;
  private final long startTick;
  private long headNanos;
  /** When the route started reading a body it has not finished reading; 0 otherwise. */
  private long bodyReadFrom;
  private long bodyWaitNanos;
  private long deadlineNanos;
  private final LongSupplier nanoClock;
  // Both created on first use: most requests register no hook and attach nothing.
  private List<Runnable> cancelHooks;
  private volatile ConcurrentMap<Object, Object> attachments;
  /** What a write of the request (or of any request of its batch) runs: the root's only. */
  private volatile List<Runnable> writeHooks;
  private final RequestScope parent;
  private final List<Consumer<Throwable>> abortHooks = new ArrayList<>(1);
  private Consumer<Throwable> uncaught;
  private int commitsInFlight;
  private boolean changed;
  private int dbQueries;
  private long dbNanos;
  private int dbInFlight;
  private long dbInFlightStarts;
  private boolean expired;
  private boolean ended;
  /** Sub-requests left to their own deadline when this batch's passed ({@link #outlivedBy}). */
  private List<RequestScope> outliving;
  private volatile String caller;
  private volatile String tier;
  private volatile Object identity;

  public RequestScope(String requestId, long deadlineNanosFromNow, LongSupplier nanoClock) {
    this(requestId, deadlineNanosFromNow, nanoClock, null);
  }

  /**
   * A scope whose attachments are shared with {@code parent} (a sub-request dispatched in
   * process), or a root scope when parent is null.
   */
  public RequestScope(String requestId, long deadlineNanosFromNow, LongSupplier nanoClock,
      RequestScope parent) {
    this.parent = parent;
    this.requestId = requestId;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.startTick = InvalidationClock.now();
    this.deadlineNanos = startNanos + deadlineNanosFromNow;
  }

  /** Binds this scope to a (duplicated) context so code running on it finds the scope. */
  public void bind(Context context) {
    RequestLocals.put(context, RequestLocals.SCOPE, this);
  }

  /**
   * Leaves this scope on {@code context}, where a request is about to be dispatched in process,
   * so that request's scope becomes a child of this one ({@link #handedTo}).
   */
  public void handTo(Context context) {
    RequestLocals.put(context, RequestLocals.PARENT, this);
  }

  /** The scope {@link #handTo} left on {@code context}, or {@code null}. */
  public static RequestScope handedTo(Context context) {
    return RequestLocals.get(context, RequestLocals.PARENT);
  }

  /** The scope of the request running on the current context, or {@code null} outside requests. */
  public static RequestScope current() {
    Context context = Vertx.currentContext();
    return context == null ? null : of(context);
  }

  /** The scope bound to this context, or {@code null}. */
  public static RequestScope of(Context context) {
    return RequestLocals.get(context, RequestLocals.SCOPE);
  }

  /** The scope of the request that dispatched this one in process, or {@code null}. */
  public RequestScope parent() {
    return parent;
  }

  public String requestId() {
    return requestId;
  }

  /**
   * Sets who sent the request: {@code identity} as caller resolution found it (sub-requests
   * inherit it), {@code callerScope}, the key state scoped to the caller uses
   * ({@code key:<id>} or {@code ip:<address>}), and the name of its {@code tier}, for packages
   * that cannot see the auth types (the database's read-your-writes marks, the embeds' row
   * budget). Set once per request.
   */
  public void caller(String callerScope, String tier, Object identity) {
    this.identity = identity;
    this.tier = tier;
    this.caller = callerScope;
  }

  /** The caller scope set by {@link #caller} here or on the parent scope, or {@code null}. */
  public String caller() {
    String own = caller;
    return own != null || parent == null ? own : parent.caller();
  }

  /** The tier name set by {@link #caller} here or on the parent scope, or {@code null}. */
  public String tier() {
    String own = tier;
    return own != null || parent == null ? own : parent.tier();
  }

  /** The identity set by {@link #caller} here or on the parent scope, or {@code null}. */
  public Object identity() {
    Object own = identity;
    return own != null || parent == null ? own : parent.identity();
  }

  public long startNanos() {
    return startNanos;
  }

  /**
   * The {@link InvalidationClock} tick when the request began: what it reads (or, for a batch,
   * what its sub-requests' shared lookups read) is no older than that.
   */
  public long startTick() {
    return startTick;
  }

  /** The outermost scope: a batch's for its sub-requests, else this one. */
  public RequestScope root() {
    return parent == null ? this : parent.root();
  }

  /** Moves the deadline to {@code nanosFromNow} from now (long-running routes). */
  public void resetDeadline(long nanosFromNow) {
    this.deadlineNanos = nanoClock.getAsLong() + nanosFromNow;
  }

  /** Nanoseconds left before the deadline; negative once passed. */
  public long remainingNanos() {
    return deadlineNanos - nanoClock.getAsLong();
  }

  public long elapsedNanos() {
    return nanoClock.getAsLong() - startNanos;
  }

  /** The response's head is being written now: {@link #latencyNanos} stops here. */
  public void headWritten() {
    headNanos = nanoClock.getAsLong();
  }

  /** The route starts reading the request's body: the wait for its bytes is the client's. */
  public void bodyReadStarted() {
    bodyReadFrom = nanoClock.getAsLong();
  }

  /** The route has the whole body (or gave up on it). */
  public void bodyReadEnded() {
    if (bodyReadFrom != 0) {
      bodyWaitNanos += nanoClock.getAsLong() - bodyReadFrom;
      bodyReadFrom = 0;
    }
  }

  /**
   * How long the request spent waiting for its body's bytes once its route read it (a body
   * still being read counts until now): time a client that sends slowly adds alone.
   */
  public long bodyWaitNanos() {
    return bodyWaitUntil(nanoClock.getAsLong());
  }

  private long bodyWaitUntil(long end) {
    return bodyWaitNanos + (bodyReadFrom != 0 ? end - bodyReadFrom : 0);
  }

  /**
   * How long the server took to answer, for the request histogram: until the head of a
   * streaming response ({@link #headWritten}, which a client that reads slowly cannot stretch),
   * else until now, less the wait for the request's body ({@link #bodyWaitNanos}, which a client
   * that sends slowly could stretch).
   */
  public long latencyNanos() {
    long end = headNanos != 0 ? headNanos : nanoClock.getAsLong();
    return Math.max(0, end - startNanos - bodyWaitUntil(end));
  }

  /**
   * Records one SQL statement this request ran and how long it took. A sub-request's statements
   * count for its parent too, so a batch's {@code Server-Timing} covers its sub-requests.
   */
  public void recordQuery(long nanos) {
    dbQueries++;
    dbNanos += nanos;
    if (parent != null) {
      parent.recordQuery(nanos);
    }
  }

  /**
   * Marks a statement sent at {@code startNanos} (this scope's clock) that has not answered yet.
   * Until {@link #queryFinished} it counts as one query that has taken the time since then, so
   * an answer sent while it runs (a 504 at the deadline) still names it.
   */
  public void queryStarted(long startNanos) {
    dbInFlight++;
    dbInFlightStarts += startNanos;
    if (parent != null) {
      parent.queryStarted(startNanos);
    }
  }

  /** Ends what {@link #queryStarted} began; {@link #recordQuery} then counts the statement. */
  public void queryFinished(long startNanos) {
    dbInFlight--;
    dbInFlightStarts -= startNanos;
    if (parent != null) {
      parent.queryFinished(startNanos);
    }
  }

  /** The time of this scope's clock, as {@link #queryStarted} takes it. */
  public long nanoTime() {
    return nanoClock.getAsLong();
  }

  /** Statements run, those still running included. */
  public int dbQueries() {
    return dbQueries + dbInFlight;
  }

  /** Time of the statements run, and so far of those still running. */
  public long dbNanos() {
    return dbNanos + (dbInFlight == 0 ? 0 : dbInFlight * nanoClock.getAsLong() - dbInFlightStarts);
  }

  /**
   * This request's {@code Server-Timing} so far: {@code db;dur=1.20;desc="2 queries",
   * total;dur=3.40} (statements and their time, time since the request began).
   */
  public String serverTiming() {
    StringBuilder sb = new StringBuilder(64).append("db;dur=");
    millis(sb, dbNanos()).append(";desc=\"").append(dbQueries()).append(" queries\", total;dur=");
    return millis(sb, elapsedNanos()).toString();
  }

  /** Appends nanoseconds as milliseconds with two decimals, without String.format. */
  private static StringBuilder millis(StringBuilder sb, long nanos) {
    long hundredths = Math.max(0, (nanos + 5_000) / 10_000);
    sb.append(hundredths / 100).append('.');
    long frac = hundredths % 100;
    return sb.append(frac < 10 ? "0" : "").append(frac);
  }

  /** Registers work to cancel if the deadline passes; returns a handle that unregisters it. */
  public Runnable onExpire(Runnable cancel) {
    if (expired) {
      cancel.run();
      return () -> { };
    }
    if (cancelHooks == null) {
      cancelHooks = new ArrayList<>(2);
    }
    List<Runnable> hooks = cancelHooks;
    hooks.add(cancel);
    return () -> hooks.remove(cancel);
  }

  /** Marks the request expired and runs every registered cancel hook once. */
  public void expire() {
    if (expired) {
      return;
    }
    expired = true;
    if (cancelHooks == null) {
      return;
    }
    List<Runnable> hooks = new ArrayList<>(cancelHooks);
    cancelHooks.clear();
    hooks.forEach(Runnable::run);
  }

  public boolean isExpired() {
    return expired;
  }

  /**
   * Tells this batch's scope that {@code child}, a sub-request whose write changed data, was left
   * to its own deadline when this one's passed: work the batch shares with it (its lookups) goes
   * on while it runs.
   */
  public void outlivedBy(RequestScope child) {
    if (outliving == null) {
      outliving = new ArrayList<>(1);
    }
    outliving.add(child);
  }

  /**
   * Whether nobody awaits work this request shares with its sub-requests (the lookups of its
   * {@code DataLoaderScope}): its deadline passed and no sub-request left to its own
   * ({@link #outlivedBy}) still runs. For a request outside a batch, {@link #isExpired()}.
   */
  public boolean isSharedWorkExpired() {
    if (!expired) {
      return false;
    }
    if (outliving != null) {
      for (RequestScope child : outliving) {
        if (!child.isOver()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Marks the response finished or its connection gone (the HTTP pipeline's end handler). */
  public void end() {
    ended = true;
  }

  /** Whether the response has finished or its connection is gone ({@link #end()}). */
  public boolean isEnded() {
    return ended;
  }

  /**
   * Whether nobody awaits this request's work any more: its deadline passed or its response
   * ended (answered, failed, or the client left). Resources that arrive late (a pooled
   * connection) must then be released unused.
   */
  public boolean isOver() {
    return expired || ended;
  }

  /** Sets how this request answers a failure that escaped every handler (the HTTP pipeline). */
  public void onUncaught(Consumer<Throwable> answer) {
    this.uncaught = answer;
  }

  /**
   * Hands a failure that escaped every handler (reported to the event loop's context) to the
   * request it belongs to; false when the request has no way to answer it.
   */
  public boolean failUncaught(Throwable failure) {
    if (uncaught == null) {
      return false;
    }
    uncaught.accept(failure);
    return true;
  }

  /**
   * Registers what ends a started response early with {@code why} (a stream writes its error
   * frame); returns a handle that unregisters it.
   */
  public Runnable onAbort(Consumer<Throwable> hook) {
    abortHooks.add(hook);
    return () -> abortHooks.remove(hook);
  }

  /** Runs every abort hook once (the server is shutting down); false when none was registered. */
  public boolean abort(Throwable why) {
    if (abortHooks.isEmpty()) {
      return false;
    }
    List<Consumer<Throwable>> hooks = new ArrayList<>(abortHooks);
    abortHooks.clear();
    hooks.forEach(h -> h.accept(why));
    return true;
  }

  /**
   * Marks a {@code COMMIT} as sent: from now until {@link #commitDone()} the outcome of the
   * request's write is unknown, so its deadline must wait for it instead of answering 504.
   */
  public void commitStarted() {
    commitsInFlight++;
  }

  /** The {@code COMMIT} marked by {@link #commitStarted()} has an outcome. */
  public void commitDone() {
    commitsInFlight--;
  }

  /**
   * Tells the scope that a write of this request changed data, or may have (its outcome is
   * unknown): a deadline passing after it must not answer 504 (not done).
   */
  public void changed() {
    changed = true;
  }

  /**
   * Whether only the handler can say how the request ended: a {@code COMMIT} of it is on the
   * wire without an outcome yet, or a write of it changed data ({@link #changed()}). A deadline
   * or a drain then waits for its answer instead of answering 504 or 503 (not done).
   */
  public boolean awaitsOutcome() {
    return commitsInFlight > 0 || changed;
  }

  /**
   * Runs {@code hook} after each write of this request or, for a sub-request, of any request of
   * its batch ({@link #wrote()}): what the requests remember of rows (the shared lookups of a
   * {@code DataLoaderScope}) must be forgotten then. Kept on the root scope until it is dropped.
   */
  public void onWrite(Runnable hook) {
    if (parent != null) {
      parent.onWrite(hook);
      return;
    }
    synchronized (this) {
      List<Runnable> hooks = writeHooks == null ? new ArrayList<>(1)
          : new ArrayList<>(writeHooks);
      hooks.add(hook);
      writeHooks = List.copyOf(hooks);
    }
  }

  /**
   * Tells the scope that a write of this request committed (or may have: its outcome is
   * unknown); runs the root's {@link #onWrite} hooks before the write's result is handed on.
   */
  public void wrote() {
    if (parent != null) {
      parent.wrote();
      return;
    }
    List<Runnable> hooks = writeHooks;
    if (hooks != null) {
      hooks.forEach(Runnable::run);
    }
  }

  /** A request-scoped attachment, created on first use. */
  @SuppressWarnings("unchecked")
  public <T> T attachment(Object key, Function<Object, T> factory) {
    return (T) attachments().computeIfAbsent(key, factory);
  }

  /** The root scope's map, shared by its sub-request scopes. */
  private ConcurrentMap<Object, Object> attachments() {
    if (parent != null) {
      return parent.attachments();
    }
    ConcurrentMap<Object, Object> map = attachments;
    if (map == null) {
      synchronized (this) {
        map = attachments;
        if (map == null) {
          map = new ConcurrentHashMap<>();
          attachments = map;
        }
      }
    }
    return map;
  }
}
