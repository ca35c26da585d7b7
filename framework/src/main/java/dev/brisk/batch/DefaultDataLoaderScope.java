package dev.brisk.batch;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Loaders by name, all bound to one context. */
final class DefaultDataLoaderScope implements DataLoaderScope {

  private final ContextInternal context;
  private final ConcurrentMap<String, DataLoader<?, ?>> loaders = new ConcurrentHashMap<>(8);

  DefaultDataLoaderScope(ContextInternal context) {
    this.context = Objects.requireNonNull(context, "context");
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
          name, n -> new DefaultDataLoader<>(n, fn, options, context));
    }
    return (DataLoader<K, V>) loader;
  }

  @Override
  public Context context() {
    return context;
  }
}
