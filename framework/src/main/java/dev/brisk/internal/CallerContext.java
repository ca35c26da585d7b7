package dev.brisk.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Hands a result back on the context that asked for it. Internal; stateless. */
public final class CallerContext {

  private CallerContext() {
  }

  /**
   * {@code f}, completing on the calling context whichever thread completes it (a Redis
   * client's, a timer's, another request's); {@code f} itself when it is already complete or
   * the caller runs on no context.
   */
  public static <T> Future<T> of(Future<T> f) {
    Context context = Vertx.currentContext();
    if (context == null || f.isComplete()) {
      return f;
    }
    Promise<T> promise = Promise.promise();
    f.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }
}
