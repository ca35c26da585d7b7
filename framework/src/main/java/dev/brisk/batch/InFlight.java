package dev.brisk.batch;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys of one loader name that some scope's batch is fetching right now on the current event
 * loop, for single-flight coalescing across scopes.
 *
 * <p>One instance per (event-loop thread, loader name), reached through a thread local: event
 * loops are single threads, so no locking. An entry lives from dispatch to completion of its
 * batch; an instance drops out of its thread's table when its last entry goes, so nothing is
 * cached across requests.
 */
final class InFlight {

  private static final FastThreadLocal<Map<String, InFlight>> TABLES = new FastThreadLocal<>() {
    @Override
    protected Map<String, InFlight> initialValue() {
      return new HashMap<>();
    }
  };

  private final Map<String, InFlight> table;
  private final String name;
  private final Map<Object, Promise<?>> promises = new HashMap<>();

  private InFlight(Map<String, InFlight> table, String name) {
    this.table = table;
    this.name = name;
  }

  /** The in-flight keys of {@code name} on the current thread; call on an event loop only. */
  static InFlight current(String name) {
    Map<String, InFlight> table = TABLES.get();
    InFlight inFlight = table.get(name);
    if (inFlight == null) {
      inFlight = new InFlight(table, name);
      table.put(name, inFlight);
    }
    return inFlight;
  }

  /** The promise some batch completes for {@code key}, or {@code null}. */
  @SuppressWarnings("unchecked")
  <V> Promise<V> get(Object key) {
    return (Promise<V>) promises.get(key);
  }

  /** Marks {@code key} as fetched by the batch that completes {@code promise}. */
  void put(Object key, Promise<?> promise) {
    promises.put(key, promise);
  }

  /** Ends the fetch of {@code key} by the batch that completes {@code promise}. */
  void remove(Object key, Promise<?> promise) {
    promises.remove(key, promise);
    if (promises.isEmpty() && table.get(name) == this) {
      table.remove(name);
    }
  }
}
