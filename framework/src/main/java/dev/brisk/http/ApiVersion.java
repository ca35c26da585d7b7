package dev.brisk.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A version of an app's API, mounted under {@code base}: {@code /api/products} is served as
 * {@code /api/v1/products}. The current version is also served at the unversioned path (an
 * alias); a deprecated one answers with {@code Deprecation} (RFC 9745), {@code Sunset} (RFC 8594)
 * and a {@code Link} to its successor. Each version has its own generated description.
 *
 * <p>{@code Routes v1 = routes.version(ApiVersion.current("v1"));}
 *
 * @param name the path segment, such as {@code v1}
 * @param base the path prefix versions are mounted under, such as {@code /api}
 * @param deprecatedAt when the version was deprecated, or {@code null} for the current version
 * @param sunsetAt when it stops being served, or {@code null} when not yet decided
 * @param successor the name of the version replacing it, or {@code null}
 */
public record ApiVersion(String name, String base, Instant deprecatedAt, Instant sunsetAt,
    String successor) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ApiVersion {
    if (name == null || !SEGMENT.matcher(name).matches()) {
      throw new IllegalArgumentException("version name must be one path segment such as v1, was "
          + name);
    }
    if (base == null || !base.startsWith("/") || base.endsWith("/")) {
      throw new IllegalArgumentException("base must start with / and not end with one, was "
          + base);
    }
    if (deprecatedAt == null && (sunsetAt != null || successor != null)) {
      throw new IllegalArgumentException("only a deprecated version has a sunset or successor");
    }
    if (successor != null && !SEGMENT.matcher(successor).matches()) {
      throw new IllegalArgumentException("successor must be a version name, was " + successor);
    }
  }

  /** The current version, mounted under {@code /api} and aliased at the unversioned paths. */
  public static ApiVersion current(String name) {
    return new ApiVersion(name, "/api", null, null, null);
  }

  /**
   * An older version still served under {@code /api/<name>}, deprecated since {@code since},
   * removed at {@code sunset} ({@code null}: not yet decided), replaced by {@code successor}.
   */
  public static ApiVersion deprecated(String name, Instant since, Instant sunset,
      String successor) {
    return new ApiVersion(name, "/api", Objects.requireNonNull(since, "since"), sunset,
        Objects.requireNonNull(successor, "successor"));
  }

  /** The same version mounted under another prefix, such as {@code /rest}. */
  public ApiVersion withBase(String prefix) {
    return new ApiVersion(name, prefix, deprecatedAt, sunsetAt, successor);
  }

  /** Whether this is the current version (served at the unversioned paths too). */
  public boolean isCurrent() {
    return deprecatedAt == null;
  }

  /**
   * The versioned path of {@code path}: {@code /api/products} is {@code /api/v1/products}.
   *
   * @throws IllegalArgumentException when {@code path} is not under {@code base}
   */
  public String mount(String path) {
    if (!path.startsWith(base + "/")) {
      throw new IllegalArgumentException("Route " + path + " is not under " + base
          + ", so it cannot be mounted in version " + name);
    }
    return base + "/" + name + path.substring(base.length());
  }

  /** The {@code Deprecation} header value: {@code @<epoch seconds>} (RFC 9745). */
  String deprecationHeader() {
    return "@" + deprecatedAt.getEpochSecond();
  }

  /** The {@code Sunset} header value, an HTTP-date (RFC 8594). */
  String sunsetHeader() {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(sunsetAt.atOffset(ZoneOffset.UTC));
  }

  /** The same request in the successor version: {@code /api/v1/x} becomes {@code /api/v2/x}. */
  String successorPath(String requestPath) {
    String prefix = base + "/" + name;
    String rest = requestPath.startsWith(prefix) ? requestPath.substring(prefix.length()) : "";
    return base + "/" + successor + rest;
  }
}
