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

  /** The suffix of the resource name of list pages ({@code product.pages}). */
  public static final String PAGES = ".pages";

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

  /**
   * A key for one page of a list of {@code resource}: {@code query} names the page (path,
   * filters, sort, cursor, limit), {@code mask} its fields. Pages live
   * {@link CacheOptions#pageTtl()}.
   */
  public static CacheKey page(String resource, String query, String mask) {
    return new CacheKey(resource + PAGES, query, mask, "json", null);
  }

  /** Whether this names a page of a list ({@link #page}). */
  public boolean isPage() {
    return resource.endsWith(PAGES);
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
