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

  /** Feeds the latest event-loop lag; at {@code maxEventLoopLag} the limit is halved. */
  void onEventLoopLag(long lagNanos);

  /** Stops the queue sweep; queued requests are shed. */
  void close();
}
