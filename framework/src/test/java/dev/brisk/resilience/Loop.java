package dev.brisk.resilience;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs test steps on one Vert.x context, as a request would, and waits for them from the test
 * thread (bounded; never a sleep).
 */
final class Loop {

  private final Context context;

  Loop(Context context) {
    this.context = context;
  }

  /** Runs {@code step} on the context and returns its value once it ran. */
  <T> T run(Supplier<T> step) {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(step.get());
      } catch (RuntimeException | AssertionError e) {
        done.completeExceptionally(e);
      }
    });
    return join(done);
  }

  /** Lets callbacks already queued on the context run. */
  void flush() {
    run(() -> null);
    run(() -> null);
  }

  /** How {@code future} ended, waiting for it. */
  static <T> AsyncResult<T> outcome(Future<T> future) {
    return join(future.transform(Future::succeededFuture).toCompletionStage()
        .toCompletableFuture());
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
