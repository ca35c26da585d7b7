package dev.brisk.db;

import dev.brisk.internal.ThrottledLog;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes marks: per caller, the primary's WAL position after their latest write,
 * kept for a bounded window. Shared through Redis ({@code brisk:ryw:<caller>}, expiring with
 * the window, raised but never lowered) so the caller's next request on any instance finds it;
 * kept locally too, which is all there is while Redis is down (then only this instance honours
 * them). Thread-safe; futures complete on the caller's context.
 */
final class WriteMarks {

  /** A mark whose position is unknown: avoid every replica for the window. */
  static final long UNKNOWN = Long.MAX_VALUE;
  private static final Logger LOG = LoggerFactory.getLogger(Db.class);
  private static final int MAX_LOCAL = 100_000;
  private static final String PREFIX = "brisk:ryw:";
  // Raises the mark (or refreshes its expiry), never lowers it: two writes finishing out of
  // order on two instances must leave the later position.
  private static final String RAISE = "local c = redis.call('GET', KEYS[1]) "
      + "if (not c) or tonumber(c) < tonumber(ARGV[1]) then "
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
      + "else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 1";

  private final Redis redis;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final ThrottledLog redisDown;
  private final Map<String, Mark> local = new ConcurrentHashMap<>();

  private record Mark(long lsn, long expiresAt) {
  }

  /** Marks shared through {@code redis} (null: this instance only) for {@code window}. */
  WriteMarks(Redis redis, Duration window, LongSupplier nanoClock) {
    this.redis = redis;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
    this.redisDown = new ThrottledLog(LOG, Duration.ofSeconds(30), nanoClock);
  }

  /** Whether marks are kept at all (a zero window turns them off). */
  boolean isEnabled() {
    return windowNanos > 0;
  }

  /** Records that {@code caller} wrote up to {@code lsn}; never fails. */
  Future<Void> record(String caller, long lsn) {
    long now = nanoClock.getAsLong();
    local.merge(caller, new Mark(lsn, now + windowNanos),
        (a, b) -> new Mark(Math.max(a.lsn, b.lsn), b.expiresAt));
    if (local.size() > MAX_LOCAL) {
      local.values().removeIf(m -> m.expiresAt - now <= 0);
    }
    if (redis == null) {
      return Future.succeededFuture();
    }
    Request raise = Request.cmd(Command.EVAL).arg(RAISE).arg(1).arg(PREFIX + caller)
        .arg(Long.toString(lsn)).arg(Long.toString(Math.max(1, windowNanos / 1_000_000)));
    return redis.send(raise).<Void>mapEmpty().recover(this::redisFailed);
  }

  /** The highest position {@code caller} wrote up to within the window, or 0; never fails. */
  Future<Long> lookup(String caller) {
    long own = localMark(caller);
    if (redis == null) {
      return Future.succeededFuture(own);
    }
    return redis.send(Request.cmd(Command.GET).arg(PREFIX + caller))
        .map(r -> Math.max(own, parse(r)))
        .recover(e -> redisFailed(e).map(own));
  }

  private long localMark(String caller) {
    Mark mark = local.get(caller);
    if (mark == null) {
      return 0;
    }
    if (mark.expiresAt - nanoClock.getAsLong() <= 0) {
      local.remove(caller, mark);
      return 0;
    }
    return mark.lsn;
  }

  private static long parse(Response response) {
    if (response == null) {
      return 0;
    }
    try {
      return Long.parseLong(response.toString());
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }

  private Future<Void> redisFailed(Throwable e) {
    redisDown.warn("ryw-redis", "Redis unavailable for read-your-writes marks ({}); this "
        + "instance's marks only until it is back", e);
    return Future.succeededFuture();
  }
}
