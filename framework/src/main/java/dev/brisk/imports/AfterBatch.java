package dev.brisk.imports;

import io.vertx.core.Future;

/**
 * Runs after each committed batch that imported at least one line, before the import reads on:
 * invalidating a cache, notifying. A failure fails the import (its batch stays committed).
 * Runs on the request's event loop.
 *
 * <p>{@code written -> cache.invalidate(versions.written(PRODUCT, List.of()))}
 */
@FunctionalInterface
public interface AfterBatch {

  /** Called with the number of lines the batch imported. */
  Future<Void> committed(long written);
}
