package dev.brisk.cache;

import dev.brisk.internal.Sha256;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;

/**
 * Strong entity tags (RFC 9110 section 8.8.3) computed from representation bytes, and
 * {@code If-None-Match} / {@code If-Match} evaluation.
 *
 * <p>{@code String etag = ETags.of(body); if (ETags.matches(ifNoneMatch, etag)) -> 304}
 *
 * <p>Pure functions; thread-safe.
 */
public final class ETags {

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private ETags() {
  }

  /** A strong tag: the first 144 bits of the body's SHA-256, base64url, quoted. */
  public static String of(Buffer body) {
    return of(body.getBytes());
  }

  /** A strong tag for these bytes (the same as {@link #of(Buffer)} of them). */
  public static String of(byte[] bytes) {
    return tag(Sha256.of(bytes));
  }

  /**
   * The tag {@code caller} sees for {@code etag} on a route that is not open: the same body seen
   * by two callers gets two tags, so a tag reveals nothing across callers ({@code null} caller:
   * the tag itself). Equal to {@link #of(Buffer)} of {@code caller + "\n" + etag}.
   */
  public static String forCaller(String etag, String caller) {
    if (caller == null) {
      return etag;
    }
    return tag(Sha256.text().append(caller).append('\n').append(etag).digest());
  }

  /** The quoted tag of a SHA-256 {@code hash}. */
  static String tag(byte[] hash) {
    // 18 bytes are 24 base64 characters, moved between the quotes in place.
    byte[] tag = new byte[26];
    BASE64.encode(Arrays.copyOf(hash, 18), tag);
    System.arraycopy(tag, 0, tag, 1, 24);
    tag[0] = '"';
    tag[25] = '"';
    return new String(tag, StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether an {@code If-None-Match} header lists {@code etag} or is {@code *}, by the weak
   * comparison RFC 9110 prescribes for it ({@code W/} prefixes are ignored). A null
   * {@code etag} is a resource that exists without one (a stream, a collection): only {@code *}
   * matches it.
   */
  public static boolean matches(String header, String etag) {
    return matches(header, etag, true);
  }

  /**
   * Whether an {@code If-Match} header lists {@code etag} or is {@code *}, by the strong
   * comparison RFC 9110 prescribes for it: a weak tag ({@code W/"..."}) never matches. A null
   * {@code etag} (a resource without one) is matched by {@code *} alone.
   */
  public static boolean matchesStrongly(String header, String etag) {
    return matches(header, etag, false);
  }

  /**
   * RFC 9110 section 13.2.2 for a write to a resource whose current tags (one per
   * representation it is served as) are {@code current}: fails with a 412
   * {@code precondition-failed} naming {@code what} when {@code ifMatch} lists none of them
   * ({@link #matchesStrongly}: a weak tag never matches) or {@code ifNoneMatch} lists one
   * ({@link #matches}; {@code *} lists any), else succeeds. A null header was not sent.
   *
   * <p>{@code ETags.checkWrite(ifMatch, ifNoneMatch, List.of(json, protobuf), "Product 5")}
   */
  public static Future<Void> checkWrite(String ifMatch, String ifNoneMatch,
      Collection<String> current, String what) {
    if (ifMatch != null && current.stream().noneMatch(tag -> matchesStrongly(ifMatch, tag))) {
      // A current tag sent weak has not changed: say why it does not match.
      return Future.failedFuture(Problem.preconditionFailed(
          current.stream().anyMatch(tag -> matches(ifMatch, tag))
              ? "If-Match compares ETags strongly, and " + what + "'s current ETag is listed "
                  + "as weak (W/); send it as the response gave it"
              : what + " has changed since that ETag was issued; fetch it again"));
    }
    if (ifNoneMatch != null && current.stream().anyMatch(tag -> matches(ifNoneMatch, tag))) {
      String why = ifNoneMatch.trim().equals("*") ? " exists"
          : "'s current ETag is listed in If-None-Match";
      return Future.failedFuture(Problem.preconditionFailed(what + why
          + ", so If-None-Match forbids the change"));
    }
    return Future.succeededFuture();
  }

  private static boolean matches(String header, String etag, boolean weak) {
    if (header == null) {
      return false;
    }
    String trimmed = header.trim();
    if (trimmed.equals("*")) {
      return true;
    }
    for (String candidate : trimmed.split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        if (!weak) {
          continue;
        }
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
