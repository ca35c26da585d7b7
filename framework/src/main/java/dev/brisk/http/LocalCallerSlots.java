package dev.brisk.http;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;

/** Counts each caller's streams on this instance alone; answers at once. */
final class LocalCallerSlots implements CallerSlots {

  private final int max;
  private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

  LocalCallerSlots(int max) {
    this.max = max;
  }

  @Override
  public Future<Runnable> take(String scope) {
    boolean[] taken = {false};
    held.compute(scope, (k, n) -> {
      int count = n == null ? 0 : n;
      if (count >= max) {
        return n;
      }
      taken[0] = true;
      return count + 1;
    });
    return Future.succeededFuture(taken[0] ? () -> release(scope) : null);
  }

  private void release(String scope) {
    held.computeIfPresent(scope, (k, n) -> n <= 1 ? null : n - 1);
  }
}
