package dev.brisk.throttle;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * One event loop's adaptive concurrency gate, installed on every request after its caller is
 * resolved: admits, queues briefly, or sheds with a 503 problem and {@code Retry-After}, lowest
 * tier first. Exempt paths and batch sub-requests (their outer request holds the slot) pass.
 *
 * <p>{@code router.route().handler(throttle.admission(vertx));}
 *
 * <p>Create, use and close it on that event loop.
 */
public interface Admission extends Handler<RoutingContext> {

  /**
   * Gives back the concurrency slot of a long-running request (export, SSE, import) as soon as
   * its handler starts, without feeding its duration to the limit: streams are bounded by their
   * own caps, and minutes-long samples would wreck the latency estimate. No-op for a request
   * that holds no slot. Runs on the request's context.
   */
  static void releaseEarly(RoutingContext ctx) {
    Runnable release = ctx.get(DefaultAdmission.EARLY_RELEASE);
    if (release != null) {
      release.run();
    }
  }

  /** Feeds the latest event-loop lag; at {@code maxEventLoopLag} the limit is halved. */
  void onEventLoopLag(long lagNanos);

  /** Stops the queue sweep; queued requests are shed. */
  void close();
}
