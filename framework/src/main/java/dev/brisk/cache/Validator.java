package dev.brisk.cache;

import dev.brisk.internal.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a representation depends on, read cheaply before (or instead of) the rows themselves:
 * the tags of every row it shows and a strong ETag derived from their row versions, the field
 * mask and the representation. Two reads see the same ETag exactly when every row version is the
 * same, so {@code If-None-Match} can be answered without reading full rows or encoding a body.
 *
 * <p>{@code Validator.of(key, Map.of("product:5", "7", "category:2", "4"))}
 *
 * <p>Immutable.
 */
public record Validator(String etag, Set<String> tags) {

  /** Validates the tags. */
  public Validator {
    Objects.requireNonNull(etag, "etag");
    tags = Set.copyOf(tags);
    tags.forEach(CachedBody::requireTag);
  }

  /**
   * A validator for {@code key} from {@code versions} (tag to row version, e.g. {@code xmin});
   * each {@code resource:id} tag also yields the resource-wide tag {@code resource}, so one
   * invalidation of {@code product} drops every representation that shows a product. The
   * caller is not part of the tag: responses are scoped per caller when they are written.
   */
  public static Validator of(CacheKey key, Map<String, String> versions) {
    // The SHA-256 of the text "resource\nid\nmask\nrepresentation" then "\ntag=version" per row.
    Sha256.Text text = Sha256.text().append(key.resource()).append('\n').append(key.id())
        .append('\n').append(key.mask()).append('\n').append(key.representation());
    // Sorted, so the order a reader collected its versions in does not change the tag.
    Map<String, String> sorted = versions.size() < 2 ? versions : new TreeMap<>(versions);
    for (Map.Entry<String, String> v : sorted.entrySet()) {
      text.append('\n').append(v.getKey()).append('=').append(String.valueOf(v.getValue()));
    }
    return new Validator(ETags.tag(text.digest()), tags(versions.keySet()));
  }

  // Built immutable here, so the constructor's copy is free.
  private static Set<String> tags(Set<String> rows) {
    if (rows.size() == 1) {
      // The common validator, one row: no hash set to build and copy.
      String row = rows.iterator().next();
      int colon = row.indexOf(':');
      return colon > 0 ? Set.of(row, row.substring(0, colon)) : Set.of(row);
    }
    List<String> tags = new ArrayList<>(rows.size() * 2);
    for (String row : rows) {
      tags.add(row);
      int colon = row.indexOf(':');
      if (colon > 0) {
        tags.add(row.substring(0, colon));
      }
    }
    return Set.copyOf(tags);
  }
}
