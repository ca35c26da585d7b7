package dev.brisk.cache;

import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An encoded representation as cached: its bytes, its strong ETag, the tags it depends on
 * ({@code product:5}, {@code category:2}; invalidating any of them drops it everywhere) and the
 * response headers that belong to it (a page's {@code Link}).
 *
 * <p>{@code new CachedBody(json.toBuffer(), validator.etag(), validator.tags())}
 *
 * <p>Immutable; the buffer must not be modified once cached.
 */
public record CachedBody(Buffer body, String etag, Set<String> tags,
    Map<String, String> headers) {

  /** Validates the tags: letters, digits and {@code _.:*-} only. */
  public CachedBody {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(etag, "etag");
    tags = Set.copyOf(tags);
    for (String tag : tags) {
      requireTag(tag);
    }
    headers = Map.copyOf(headers);
    headers.forEach((name, value) -> {
      if (name.isEmpty() || (name + value).indexOf('\n') >= 0) {
        throw new IllegalArgumentException("header names are non-empty and neither names nor "
            + "values hold newlines, was '" + name + "'");
      }
    });
  }

  /** A body without headers of its own. */
  public CachedBody(Buffer body, String etag, Set<String> tags) {
    this(body, etag, tags, Map.of());
  }

  static String requireTag(String tag) {
    if (!isTag(tag)) {
      throw new IllegalArgumentException("cache tags are 1-200 of [A-Za-z0-9_.:*-], was '"
          + tag + "'");
    }
    return tag;
  }

  // [A-Za-z0-9_.:*-]{1,200}, checked on every read: a loop, not a regular expression.
  private static boolean isTag(String tag) {
    int n = tag.length();
    if (n < 1 || n > 200) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = tag.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '*' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Approximate bytes held in memory, for the L1 weigher. */
  int weight() {
    int headerBytes = 0;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      headerBytes += h.getKey().length() + h.getValue().length() + 32;
    }
    return body.length() + etag.length() + 32 * tags.size() + headerBytes + 96;
  }
}
