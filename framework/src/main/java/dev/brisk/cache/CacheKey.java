package dev.brisk.cache;

import java.util.Objects;

/**
 * Names one cached representation: the resource, its id, the canonical field mask, the
 * representation ({@code json}, {@code protobuf}), for data that depends on the caller the
 * caller's scope ({@code null} for data everyone sees alike), and the variant: a fingerprint of
 * what else shapes the bytes, the declaration and settings they were built with ({@code null}
 * when nothing does). Instances built differently (another {@code --embed-max-per-parent}
 * during a rolling deploy) so never serve each other's entries from the shared L2.
 *
 * <p>{@code CacheKey.of("order", "7", mask.canonical())}: JSON, the same for every caller;
 * the HTTP layer sets the representation it negotiated, on routes that are not open the
 * caller, and the variant of the reads ({@code CachedReads.create(cache, variant, limits)}),
 * with the row budget of the caller's tier when the mask embeds.
 *
 * <p>The variant is not part of the ETag ({@link Validator#of}): writes compute the ETag of what
 * they changed from the other parts alone. Immutable.
 */
public record CacheKey(String resource, String id, String mask, String representation,
    String caller, String variant) {

  /** The suffix of the resource name of list pages ({@code product.pages}). */
  public static final String PAGES = ".pages";

  /**
   * The tag of every cached list page of {@code resource}, and of every page embedding it: a
   * write to the resource invalidates it ({@code pages:product}).
   */
  public static String pagesTag(String resource) {
    return "pages:" + resource;
  }

  /** Validates the parts; {@code caller} and {@code variant} may be null. */
  public CacheKey {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(representation, "representation");
  }

  /** A key for the JSON representation, the same for every caller, without a variant. */
  public static CacheKey of(String resource, Object id, String mask) {
    return new CacheKey(resource, String.valueOf(id), mask, "json", null, null);
  }

  /**
   * A key for one page of a list of {@code resource}: {@code query} names the page (path,
   * filters, sort, cursor, limit), {@code mask} its fields. Pages live
   * {@link CacheOptions#pageTtl()}.
   */
  public static CacheKey page(String resource, String query, String mask) {
    return new CacheKey(resource + PAGES, query, mask, "json", null, null);
  }

  /** Whether this names a page of a list ({@link #page}). */
  public boolean isPage() {
    return resource.endsWith(PAGES);
  }

  /** Returns a copy for another representation. */
  public CacheKey withRepresentation(String other) {
    return new CacheKey(resource, id, mask, other, caller, variant);
  }

  /** Returns a copy private to the caller with this scope. */
  public CacheKey withCaller(String scope) {
    return new CacheKey(resource, id, mask, representation, scope, variant);
  }

  /** Returns a copy for representations built with this variant. */
  public CacheKey withVariant(String fingerprint) {
    return new CacheKey(resource, id, mask, representation, caller, fingerprint);
  }

  /** The key as one string, as stored in both levels. */
  public String asString() {
    return resource + '|' + id + '|' + mask + '|' + representation + '|'
        + (caller == null ? "" : caller) + '|' + (variant == null ? "" : variant);
  }
}
