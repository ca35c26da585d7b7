package dev.brisk.fields;

import dev.brisk.internal.BriskVersion;
import dev.brisk.internal.Sha256;
import dev.brisk.page.Pager;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Everything besides the request that shapes what a {@link ResourceReader} renders, as one short
 * fingerprint: the declaration of its resource and of every resource it can embed (names, SQL,
 * types, defaults, keys, order), its embed limits, its pager's default page size and the
 * framework's version (an upgrade may render the same rows differently). Stateless.
 */
final class ReaderFingerprint {

  private ReaderFingerprint() {
  }

  /** Resolves every embed target reachable from {@code resource}. */
  static String of(Resource resource, EmbedLimits limits, Pager pager) {
    StringBuilder text = new StringBuilder("brisk ").append(BriskVersion.current()).append('\n');
    declaration(resource, text, new IdentityHashMap<>());
    text.append("limits ").append(limits.maxPerParent()).append(' ').append(limits.maxRows())
        .append(' ').append(limits.tiersText());
    if (pager != null) {
      text.append("\npage ").append(pager.options().defaultLimit());
    }
    return Sha256.fingerprint(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends {@code resource}'s declaration, with the declaration of each embed target met for the
   * first time in place; a target met before (resources may embed each other) by its number.
   */
  private static void declaration(Resource resource, StringBuilder text,
      Map<Resource, Integer> seen) {
    seen.put(resource, seen.size());
    text.append("resource ").append(resource.name()).append(' ').append(resource.table())
        .append(' ').append(resource.alias()).append(' ').append(resource.order()).append('\n');
    for (Field f : resource.fields()) {
      text.append("field ").append(f.name()).append(' ').append(f.type()).append(' ')
          .append(f.isDefault()).append(' ').append(f.sql()).append('\n');
    }
    for (Embed e : resource.embeds()) {
      text.append("embed ").append(e.name()).append(' ').append(e.cardinality()).append(' ')
          .append(e.isDefault()).append(' ').append(e.keySelect()).append(' ')
          .append(e.targetKeySql()).append(' ').append(e.keyType());
      Integer known = seen.get(e.target());
      if (known != null) {
        text.append(" -> #").append(known).append('\n');
      } else {
        text.append(" ->\n");
        declaration(e.target(), text, seen);
      }
    }
    text.append("end\n");
  }
}
