package dev.brisk.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code Cache-Control} a route's successful reads carry, declared with the route next to
 * its access: {@code routes.get("/api/products/:id", Access.open(),
 * CachePolicy.publicFor(Duration.ofSeconds(60)).withStaleIfError(Duration.ofHours(1)), ...)}.
 * Without one, reads say {@code no-cache} (store, but revalidate every time), writes and
 * problems {@code no-store}, and routes that are not open become {@code private}.
 *
 * <p>Immutable; {@code with*} return copies.
 */
public final class CachePolicy {

  private static final CachePolicy REVALIDATE = new CachePolicy("no-cache", false, -1, -1, -1,
      -1);
  private static final CachePolicy NO_STORE = new CachePolicy("no-store", false, -1, -1, -1,
      -1);

  private final String base;
  private final boolean shared;
  private final long maxAge;
  private final long sharedMaxAge;
  private final long staleWhileRevalidate;
  private final long staleIfError;
  /** Built once: every response of the route carries it. */
  private final String header;

  private CachePolicy(String base, boolean shared, long maxAge, long sharedMaxAge,
      long staleWhileRevalidate, long staleIfError) {
    this.base = base;
    this.shared = shared;
    this.maxAge = maxAge;
    this.sharedMaxAge = sharedMaxAge;
    this.staleWhileRevalidate = staleWhileRevalidate;
    this.staleIfError = staleIfError;
    StringBuilder sb = new StringBuilder(base);
    append(sb, "max-age", maxAge);
    append(sb, "s-maxage", sharedMaxAge);
    append(sb, "stale-while-revalidate", staleWhileRevalidate);
    append(sb, "stale-if-error", staleIfError);
    this.header = sb.toString();
  }

  /** {@code no-cache}: any cache may store it but must revalidate (ETag) before reuse. */
  public static CachePolicy revalidate() {
    return REVALIDATE;
  }

  /** {@code no-store}: nothing stores it (writes, problems, secrets). */
  public static CachePolicy noStore() {
    return NO_STORE;
  }

  /** {@code public, max-age=N}: browsers, proxies and CDNs may serve it for {@code maxAge}. */
  public static CachePolicy publicFor(Duration maxAge) {
    return new CachePolicy("public", true, seconds("maxAge", maxAge), -1, -1, -1);
  }

  /** {@code private, max-age=N}: only the caller's own cache may keep it, for {@code maxAge}. */
  public static CachePolicy privateFor(Duration maxAge) {
    return new CachePolicy("private", false, seconds("maxAge", maxAge), -1, -1, -1);
  }

  /** Adds {@code s-maxage}: how long shared caches (proxies, CDNs) may serve it. */
  public CachePolicy withSharedMaxAge(Duration age) {
    requireShared("s-maxage");
    return new CachePolicy(base, shared, maxAge, seconds("sharedMaxAge", age),
        staleWhileRevalidate, staleIfError);
  }

  /** Adds {@code stale-while-revalidate}: serve stale this long while refetching. */
  public CachePolicy withStaleWhileRevalidate(Duration window) {
    requireAge("stale-while-revalidate");
    return new CachePolicy(base, shared, maxAge, sharedMaxAge,
        seconds("staleWhileRevalidate", window), staleIfError);
  }

  /** Adds {@code stale-if-error}: serve stale this long when the origin fails. */
  public CachePolicy withStaleIfError(Duration window) {
    requireAge("stale-if-error");
    return new CachePolicy(base, shared, maxAge, sharedMaxAge, staleWhileRevalidate,
        seconds("staleIfError", window));
  }

  /** Whether shared caches may store it (then the route must be open). */
  public boolean isPublic() {
    return shared;
  }

  /** The {@code Cache-Control} header value. */
  public String header() {
    return header;
  }

  @Override
  public String toString() {
    return header();
  }

  private static void append(StringBuilder sb, String name, long value) {
    if (value >= 0) {
      sb.append(", ").append(name).append('=').append(value);
    }
  }

  private void requireShared(String directive) {
    if (!shared) {
      throw new IllegalStateException(directive + " needs a public policy, not '" + header()
          + "'");
    }
  }

  private void requireAge(String directive) {
    if (maxAge < 0) {
      throw new IllegalStateException(directive + " needs a max-age, not '" + header() + "'");
    }
  }

  private static long seconds(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + d);
    }
    return d.toSeconds();
  }
}
