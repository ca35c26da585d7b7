package dev.brisk;

import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * When an app run gets throwaway stores: only when neither store URL is set (or with
 * {@code --dev-services}), never with {@code BRISK_ENV=production}; exactly one URL set is an
 * error naming the other. Pure; runs on the starting thread.
 */
final class DevStorePolicy {

  static final String PG = "pg-url";
  static final String REDIS = "redis-url";
  static final String CURSOR_KEYS = "cursor-keys";
  /** The settings that point at the stores: always the dev stores' when they run. */
  private static final Set<String> STORES = Set.of(PG, REDIS, "pg-replica-urls");

  private DevStorePolicy() {
  }

  /**
   * Whether to start dev stores.
   *
   * @throws IllegalArgumentException when the configuration is incomplete and dev stores may
   *     not (or cannot) fill it in; the message names what to set
   */
  static boolean shouldStart(BriskConfig config, boolean available) {
    boolean pg = config.get(PG) != null;
    boolean redis = config.get(REDIS) != null;
    boolean forced = config.flag("dev-services");
    boolean production = config.production();
    if (production) {
      if (forced) {
        throw new IllegalArgumentException("--dev-services is not allowed with BRISK_ENV="
            + "production: throwaway stores lose their data");
      }
      requireBoth(pg, redis, "BRISK_ENV=production never starts throwaway stores");
      return false;
    }
    if (forced || (!pg && !redis)) {
      if (!available) {
        throw new IllegalArgumentException("Set " + BriskConfig.envName(PG) + " and "
            + BriskConfig.envName(REDIS) + " (this app has no dev services to start)");
      }
      return true;
    }
    requireBoth(pg, redis, "dev services start only when neither is set");
    return false;
  }

  /**
   * Outside dev mode (no throwaway stores started), every instance must sign page cursors with
   * the same configured secret, or cursors break between instances and across restarts.
   *
   * @throws IllegalArgumentException naming {@code BRISK_CURSOR_KEYS} when it is not set
   */
  static void requireCursorKeys(BriskConfig config, boolean devStores) {
    if (!devStores && config.get(CURSOR_KEYS) == null) {
      String env = BriskConfig.envName(CURSOR_KEYS);
      throw new IllegalArgumentException("Missing " + env + " (required without dev services: "
          + "every instance signs page cursors with it). Set the same secret of 16 bytes or "
          + "more on every instance, e.g. " + env + "=base64:$(head -c 32 /dev/urandom | base64)");
    }
  }

  /**
   * The config with the dev stores' settings, and 127.0.0.1 unless {@code --host} was given. The
   * store URLs are always theirs; any other setting they supply (cursor keys, a carrier URL)
   * only where {@code config} has none, so a key or URL the developer set is kept.
   */
  static BriskConfig apply(BriskConfig config, DevStores stores) {
    BriskConfig applied = config;
    for (Map.Entry<String, String> e : supplied(config, stores)) {
      applied = applied.with(key(e.getKey()), e.getValue());
    }
    return config.get("host") == null ? applied.with("host", "127.0.0.1") : applied;
  }

  /**
   * {@code BRISK_PG_URL=... BRISK_REDIS_URL=...}: what {@link #apply} takes from the stores, in a
   * stable order; a setting of the developer's own is not shown (it may be a real secret).
   */
  static String describe(BriskConfig config, DevStores stores) {
    StringJoiner line = new StringJoiner(" ");
    supplied(config, stores).forEach(e -> line.add(e.getKey() + "=" + e.getValue()));
    return line.toString();
  }

  private static List<Map.Entry<String, String>> supplied(BriskConfig config, DevStores stores) {
    return stores.settings().entrySet().stream()
        .filter(e -> STORES.contains(key(e.getKey())) || config.get(key(e.getKey())) == null)
        .sorted(Map.Entry.comparingByKey(
            (a, b) -> rank(a) != rank(b) ? rank(a) - rank(b) : a.compareTo(b)))
        .toList();
  }

  private static int rank(String env) {
    return env.equals("BRISK_PG_URL") ? 0 : env.equals("BRISK_REDIS_URL") ? 1 : 2;
  }

  private static String key(String env) {
    String name = env.startsWith("BRISK_") ? env.substring("BRISK_".length()) : env;
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void requireBoth(boolean pg, boolean redis, String why) {
    if (pg && redis) {
      return;
    }
    String missing = !pg && !redis
        ? BriskConfig.envName(PG) + " and " + BriskConfig.envName(REDIS)
        : BriskConfig.envName(pg ? REDIS : PG);
    throw new IllegalArgumentException("Missing " + missing + " (" + why + ")");
  }
}
