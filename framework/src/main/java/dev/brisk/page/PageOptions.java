package dev.brisk.page;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Options of a {@link Pager}: cursor signing keys, cursor lifetime, page size limits, the wall
 * clock and the meter registry.
 *
 * <p>{@code Pager.create(PageOptions.fromEnv().withTtl(Duration.ofHours(1)))}
 *
 * <p>The first key signs new cursors; every key verifies, so keys rotate by prepending a new key,
 * deploying, and dropping the old key once its cursors have expired. The clock is a wall clock
 * ({@link Clock}, not a nano clock) because a cursor minted on one instance is checked on another.
 * Immutable and thread-safe.
 *
 * @param keys HMAC-SHA256 keys, each at least 16 bytes; the first signs
 * @param ttl how long a cursor stays valid after it was issued
 * @param defaultLimit page size when the client sends no {@code limit}
 * @param maxLimit the largest {@code limit} accepted
 * @param clock source of cursor issue times
 * @param registry where the {@code brisk.page.cursor.rejected} counter is registered
 */
public record PageOptions(List<byte[]> keys, Duration ttl, int defaultLimit, int maxLimit,
    Clock clock, MeterRegistry registry) {

  /** Environment variable read by {@link #fromEnv()}: comma-separated secrets. */
  public static final String KEYS_ENV = "BRISK_CURSOR_KEYS";

  /** Shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 16;

  private static final Logger LOG = LoggerFactory.getLogger(PageOptions.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /** Validates every option and copies the keys. */
  public PageOptions {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one cursor key is required");
    }
    List<byte[]> copies = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = Objects.requireNonNull(keys.get(i), "keys[" + i + "]");
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("cursor key #" + (i + 1) + " has " + key.length
            + " bytes; use at least " + MIN_KEY_BYTES);
      }
      copies.add(key.clone());
    }
    keys = List.copyOf(copies);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (maxLimit < 1) {
      throw new IllegalArgumentException("maxLimit must be >= 1, was " + maxLimit);
    }
    if (defaultLimit < 1 || defaultLimit > maxLimit) {
      throw new IllegalArgumentException(
          "defaultLimit must be in 1.." + maxLimit + ", was " + defaultLimit);
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
  }

  /**
   * This process's random key (cursors then do not survive a restart nor work across instances), a
   * 24 hour
   * TTL, limit 20 by default and at most 100, the UTC system clock and the global registry.
   */
  public static PageOptions defaults() {
    return new PageOptions(List.of(ProcessKey.KEY.clone()), Duration.ofHours(24), 20, 100,
        Clock.systemUTC(), Metrics.globalRegistry);
  }

  /** {@link #defaults()} with the keys from {@code BRISK_CURSOR_KEYS}; see {@link #keysFrom}. */
  public static PageOptions fromEnv() {
    return defaults().withKeys(keysFrom(System.getenv(KEYS_ENV)));
  }

  /**
   * Parses a key list such as {@code "new-secret-32-chars...,old-secret..."}: comma-separated
   * entries, blanks ignored, each the UTF-8 bytes of a secret or {@code base64:<standard base64>}
   * for binary keys. A null or blank config yields this process's random key (the same on every
   * call, so pagers made per verticle verify each other's cursors) and logs a warning once, since
   * such cursors do not survive a restart nor work across instances. Any thread.
   *
   * @throws IllegalArgumentException for a key shorter than 16 bytes or bad base64 (the message
   *     names the entry's position, never the secret)
   */
  public static List<byte[]> keysFrom(String config) {
    List<byte[]> keys = new ArrayList<>();
    if (config != null) {
      String[] entries = config.split(",");
      for (int i = 0; i < entries.length; i++) {
        String entry = entries[i].trim();
        if (!entry.isEmpty()) {
          keys.add(decodeKey(entry, i + 1));
        }
      }
    }
    if (keys.isEmpty()) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("No {} configured: signing page cursors with a random key; cursors will not "
            + "survive a restart nor work across instances", KEYS_ENV);
      }
      keys.add(ProcessKey.KEY.clone());
    }
    return keys;
  }

  /** Copy with these keys; the first signs. */
  public PageOptions withKeys(List<byte[]> newKeys) {
    return new PageOptions(newKeys, ttl, defaultLimit, maxLimit, clock, registry);
  }

  /** Copy with this cursor lifetime. */
  public PageOptions withTtl(Duration newTtl) {
    return new PageOptions(keys, newTtl, defaultLimit, maxLimit, clock, registry);
  }

  /** Copy with these page size limits. */
  public PageOptions withLimits(int newDefaultLimit, int newMaxLimit) {
    return new PageOptions(keys, ttl, newDefaultLimit, newMaxLimit, clock, registry);
  }

  /** Copy with this clock (tests pass a fake). */
  public PageOptions withClock(Clock newClock) {
    return new PageOptions(keys, ttl, defaultLimit, maxLimit, newClock, registry);
  }

  /** Copy registering meters here. */
  public PageOptions withRegistry(MeterRegistry newRegistry) {
    return new PageOptions(keys, ttl, defaultLimit, maxLimit, clock, newRegistry);
  }

  /** Copies of the keys; callers cannot change the options through them. */
  @Override
  public List<byte[]> keys() {
    List<byte[]> copies = new ArrayList<>(keys.size());
    keys.forEach(k -> copies.add(k.clone()));
    return copies;
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "PageOptions[keys=" + keys.size() + ", ttl=" + ttl + ", defaultLimit=" + defaultLimit
        + ", maxLimit=" + maxLimit + ", clock=" + clock + "]";
  }

  private static byte[] decodeKey(String entry, int position) {
    if (!entry.startsWith("base64:")) {
      return entry.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(entry.substring("base64:".length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor key #" + position + " is not valid base64");
    }
  }

  /** One random signing key per process, made on first use. */
  private static final class ProcessKey {
    static final byte[] KEY = new byte[32];

    static {
      new SecureRandom().nextBytes(KEY);
    }
  }
}
