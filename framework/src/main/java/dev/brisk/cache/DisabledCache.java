package dev.brisk.cache;

import dev.brisk.internal.CallerContext;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code BRISK_CACHE=off}: every get loads and nothing is kept, while invalidations still go to
 * the instances that cache (a write through this one must not leave theirs stale).
 */
final class DisabledCache implements Cache {

  private final RedisTier l2;
  private final CacheMeters meters;
  private final AtomicBoolean wasLost = new AtomicBoolean();

  DisabledCache(RedisTier l2, CacheMeters meters) {
    this.l2 = l2;
    this.meters = meters;
  }

  @Override
  public Future<Void> start() {
    // Subscribed only to hear acknowledgements; others' invalidations concern nothing here.
    l2.subscribe(tags -> { }, () -> {
      if (wasLost.getAndSet(false)) {
        l2.flushAll();
      }
    }, () -> wasLost.set(true));
    return Future.succeededFuture();
  }

  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public Future<CachedBody> get(CacheKey key, Supplier<Future<CachedBody>> loader) {
    return loader.get().andThen(ar -> meters.load(key.resource(), ar.cause()));
  }

  @Override
  public Future<Void> invalidate(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Future.succeededFuture();
    }
    tags.forEach(CachedBody::requireTag);
    meters.invalidation("local", tags.size());
    return CallerContext.of(l2.invalidate(tags).otherwiseEmpty());
  }

  @Override
  public Future<Void> close() {
    return l2.close();
  }
}
