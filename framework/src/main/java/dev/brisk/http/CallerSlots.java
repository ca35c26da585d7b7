package dev.brisk.http;

import io.vertx.core.Future;

/** Where a {@link StreamLimiter} counts the streams each caller holds. Thread-safe. */
interface CallerSlots {

  /**
   * Takes a slot for the caller {@code scope}: completes with what gives it back (run it once),
   * or with null when the caller holds its maximum. Never fails.
   */
  Future<Runnable> take(String scope);
}
