package dev.brisk.batch;

import dev.brisk.internal.RequestScope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The loaders of one unit of work (an HTTP request, or every sub-request of one
 * {@code /api/batch} call), by name: loads through the same scope share one cache and one batch.
 *
 * <p>{@code DataLoader<Long, Product> p = DataLoaderScope.current().loader("product", fn);}
 *
 * <p>A scope is bound to one Vert.x context (for a request, its duplicated context): batch
 * functions run there and loads from other threads are handed to it. Thread-safe. Drop the scope
 * with its unit of work; it holds every cached value until then.
 */
public interface DataLoaderScope {

  /**
   * A new empty scope bound to {@code context}.
   * {@code DataLoaderScope.create(vertx.getOrCreateContext())}
   */
  static DataLoaderScope create(Context context) {
    return new DefaultDataLoaderScope(context, () -> false);
  }

  /**
   * The scope of the request running on the current context, created on first use and bound to
   * that request's context. Call it on the request's context (any handler or completion of it).
   * Every write the request (or any sub-request of its batch) makes through the app's {@code Db}
   * (a committed transaction, a statement that is not a plain {@code SELECT}) forgets what its
   * loaders cached, before the write's result is handed on: a load after a write reads the rows
   * as written. Loads in flight still complete for their callers. Once nobody awaits the request
   * (its deadline passed, or its client left before the answer), no more batches are sent: their
   * keys fail with a 504 problem. A batch's sub-request whose write changed data outlives the
   * batch's deadline, and its loads are still sent. Work that goes on after an answer (a stale
   * cache entry's reload) still loads.
   *
   * @throws IllegalStateException when called outside a Brisk request
   */
  static DataLoaderScope current() {
    RequestScope request = RequestScope.current();
    if (request == null) {
      throw new IllegalStateException("DataLoaderScope.current() needs a Brisk request on the "
          + "current thread (Vertx.currentContext()=" + Vertx.currentContext() + "); outside "
          + "requests use DataLoaderScope.create(context)");
    }
    // Runs on this thread inside attachment(): the current context is still the request's.
    return request.attachment(DataLoaderScope.class, key -> {
      RequestScope root = request.root();
      DefaultDataLoaderScope scope =
          new DefaultDataLoaderScope(Vertx.currentContext(), root::isSharedWorkExpired);
      // A write of the request (or of a sibling in its batch) makes what was loaded old.
      request.onWrite(scope::forgetAll);
      return scope;
    });
  }

  /**
   * The loader registered under {@code name}, created with {@code fn} and {@code options} on
   * first use. Later calls with the same name return the same instance and ignore their
   * {@code fn} and {@code options}, so a name must always mean the same data. The name is a
   * meter tag: keep it low-cardinality. A batch function over a transaction's {@code Sql} sees
   * that transaction's uncommitted rows and ends with it, while the scope is shared by every
   * sub-request of a batch: load through the app's {@code Db}, not through a transaction.
   */
  <K, V> DataLoader<K, V> loader(String name, BatchFn<K, V> fn, DataLoaderOptions options);

  /** {@link #loader(String, BatchFn, DataLoaderOptions)} with default options. */
  default <K, V> DataLoader<K, V> loader(String name, BatchFn<K, V> fn) {
    return loader(name, fn, DataLoaderOptions.defaults());
  }

  /** The context batch functions run on. */
  Context context();
}
