package dev.brisk.cache;

import java.util.Objects;

/**
 * Names one cached representation: the resource, its id, the canonical field mask, the
 * representation ({@code json}, {@code protobuf}) and, for data that depends on the caller, the
 * caller's scope ({@code null} for data everyone sees alike).
 *
 * <p>{@code CacheKey.of("order", "7", mask.canonical())}: JSON, the same for every caller;
 * the HTTP layer sets the representation it negotiated and, on routes that are not open, the
 * caller.
 *
 * <p>Immutable.
 */
public record CacheKey(String resource, String id, String mask, String representation,
    String caller) {

  /** Validates the parts; {@code caller} may be null. */
  public CacheKey {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(representation, "representation");
  }

  /** A key for the JSON representation, the same for every caller. */
  public static CacheKey of(String resource, Object id, String mask) {
    return new CacheKey(resource, String.valueOf(id), mask, "json", null);
  }

  /** Returns a copy for another representation. */
  public CacheKey withRepresentation(String other) {
    return new CacheKey(resource, id, mask, other, caller);
  }

  /** Returns a copy private to the caller with this scope. */
  public CacheKey withCaller(String scope) {
    return new CacheKey(resource, id, mask, representation, scope);
  }

  /** The key as one string, as stored in both levels. */
  public String asString() {
    return resource + '|' + id + '|' + mask + '|' + representation + '|'
        + (caller == null ? "" : caller);
  }
}
