package dev.brisk.batch;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;

/** Loaders by name, all bound to one context. */
final class DefaultDataLoaderScope implements DataLoaderScope {

  private final Context context;
  private final boolean eventLoop;
  private final BooleanSupplier expired;
  private final ConcurrentMap<String, DataLoader<?, ?>> loaders = new ConcurrentHashMap<>(8);
  // The context's event-loop thread once seen running it. Written once; a reader that still sees
  // null only takes the slower hand-off path, so the field needs no synchronisation.
  private Thread loop;

  /** A scope whose loads stop being sent once {@code expired} says nobody awaits them. */
  DefaultDataLoaderScope(Context context, BooleanSupplier expired) {
    this.context = Objects.requireNonNull(context, "context");
    this.expired = expired;
    this.eventLoop = context.isEventLoopContext();
    this.loop = eventLoop ? runningLoop(context) : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> DataLoader<K, V> loader(
      String name, BatchFn<K, V> fn, DataLoaderOptions options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(options, "options");
    DataLoader<?, ?> loader = loaders.get(name);
    if (loader == null) {
      loader = loaders.computeIfAbsent(
          name, n -> new DefaultDataLoader<>(n, fn, options, this));
    }
    return (DataLoader<K, V>) loader;
  }

  @Override
  public Context context() {
    return context;
  }

  /** Whether nobody awaits this scope's loads any more: its request's deadline passed, say. */
  boolean isExpired() {
    return expired.getAsBoolean();
  }

  /** Forgets every loader's cached results (after a write); any thread. */
  void forgetAll() {
    loaders.values().forEach(loader -> ((DefaultDataLoader<?, ?>) loader).clearAll());
  }

  /**
   * Whether the calling thread may touch this scope's loaders directly: it is the event loop of
   * the scope's context (running any context), or it runs a task of the scope's worker context.
   */
  boolean inThread() {
    if (!eventLoop) {
      return Vertx.currentContext() == context;
    }
    Thread thread = loop;
    if (thread == null) {
      thread = runningLoop(context);
      if (thread == null) {
        return false;
      }
      loop = thread;
    }
    return thread == Thread.currentThread();
  }

  /** The current thread if it is running {@code context} as its event loop, else null. */
  private static Thread runningLoop(Context context) {
    // A worker thread here would be running blocking code of the context: not its thread.
    return Vertx.currentContext() == context && Context.isOnEventLoopThread()
        ? Thread.currentThread() : null;
  }

  /** Whether the scope's context is the current one, on its own thread. */
  boolean isCurrent() {
    return Vertx.currentContext() == context && inThread();
  }
}
