package dev.brisk.internal;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds a request's body while an asynchronous step that precedes its handlers runs (caller
 * lookup, a Redis rate-limit call, a wait for a concurrency slot). Without it the body arrives
 * before any handler reads it and a route's {@code BodyHandler} fails.
 *
 * <p>{@code HeldBody.await(ctx, authenticator.authenticate(req), ar -> ctx.next());}
 *
 * <p>Call it on the request's context; the continuation runs there too, even when the step
 * completes on another context. Not API.
 */
public final class HeldBody {

  /** How many steps hold the body now. */
  private static final String HOLDS = "brisk.heldBody.holds";
  /** Set once the request's end handlers have run. */
  private static final String ENDED = "brisk.heldBody.ended";

  private HeldBody() {
  }

  /** What follows the step. */
  public interface Continuation<T> {
    /** The request is still unanswered: continue it ({@code ctx.next()} or {@code ctx.fail()}). */
    void proceed(AsyncResult<T> result);

    /**
     * The request was answered (its deadline passed) or its connection closed while the step
     * ran: give back what the step took; the request does not continue. Default: nothing.
     */
    default void abandon(AsyncResult<T> result) {
    }
  }

  /**
   * Pauses the body while {@code step} runs (not at all when it is already complete), then
   * either {@link Continuation#abandon abandons} an answered request or
   * {@link Continuation#proceed proceeds}, resuming the body after the next handlers are set up.
   */
  public static <T> void await(RoutingContext ctx, Future<T> step, Continuation<T> then) {
    if (step.isComplete()) {
      decide(ctx, step, then, false);
      return;
    }
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      // Steps nest (a caller lookup, then a wait for a slot): the body is paused by the first
      // and resumed by the last to finish, so an outer step never resumes it under an inner one.
      int holds = holds(ctx);
      if (holds == 0) {
        ctx.request().pause();
      }
      ctx.put(HOLDS, holds + 1);
    }
    Context own = Vertx.currentContext();
    step.onComplete(ar -> {
      if (own == null || Vertx.currentContext() == own) {
        decide(ctx, ar, then, paused);
      } else {
        own.runOnContext(v -> decide(ctx, ar, then, paused));
      }
    });
  }

  /**
   * Whether a step holds the body now: what of it has not arrived was not asked for yet, so a
   * deadline passing now is the server's delay, not the client's.
   */
  public static boolean isHeld(RoutingContext ctx) {
    return holds(ctx) > 0;
  }

  /** Whether the request already has its answer or lost its connection. */
  public static boolean isAnswered(RoutingContext ctx) {
    return ctx.failed() || ctx.response().ended() || ctx.response().closed() || hasEnded(ctx);
  }

  /**
   * Records that the request's end handlers have run (the HTTP pipeline's end handler calls it).
   * Vert.x runs them when a connection is reset, as a response exception, and marks the response
   * closed only in a later event-loop task: an end handler added in between never runs.
   */
  public static void markEnded(RoutingContext ctx) {
    ctx.put(ENDED, Boolean.TRUE);
  }

  /**
   * Whether the request's end handlers have run, so one added now would never run: its response
   * ended or its connection failed, even where {@code response().closed()} is not true yet.
   */
  public static boolean hasEnded(RoutingContext ctx) {
    return ctx.get(ENDED) != null;
  }

  private static <T> void decide(RoutingContext ctx, AsyncResult<T> result, Continuation<T> then,
      boolean paused) {
    if (isAnswered(ctx)) {
      then.abandon(result);
    } else {
      then.proceed(result);
    }
    // After proceed: a BodyHandler of the route has resumed already, or reads what comes now.
    // After abandon: the rest of the body is drained so the connection stays usable.
    if (paused) {
      int holds = holds(ctx) - 1;
      ctx.put(HOLDS, holds);
      if (holds == 0 && !ctx.request().isEnded()) {
        ctx.request().resume();
      }
    }
  }

  private static int holds(RoutingContext ctx) {
    Integer holds = ctx.get(HOLDS);
    return holds == null ? 0 : holds;
  }
}
