package dev.brisk;

import dev.brisk.internal.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings from command-line arguments and environment, with defaults.
 *
 * <p>{@code --port 9090} beats {@code PORT=9090} beats the default; any {@code --some-key v} is also
 * readable as env {@code BRISK_SOME_KEY}. {@code BriskConfig.from(args, System.getenv())}
 *
 * <p>Immutable and thread-safe.
 */
public final class BriskConfig {

  private final Map<String, String> args;
  private final Map<String, String> env;

  private BriskConfig(Map<String, String> args, Map<String, String> env) {
    this.args = Map.copyOf(args);
    this.env = Map.copyOf(env);
  }

  /**
   * Parses {@code --key value} and {@code --key=value} pairs, and flags ({@code --dev-services}
   * followed by another option or nothing) as {@code true}; anything else is an error.
   */
  public static BriskConfig from(String[] argv, Map<String, String> env) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException("Unexpected argument '" + a + "'; use --key value");
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        args.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        args.put(a.substring(2), argv[++i]);
      } else {
        args.put(a.substring(2), "true");
      }
    }
    return new BriskConfig(args, env);
  }

  /** A config with only these settings (keys as on the command line), for tests. */
  public static BriskConfig of(Map<String, String> settings) {
    return new BriskConfig(settings, Map.of());
  }

  /** Returns a copy with one more setting, taking precedence over the environment. */
  public BriskConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(args);
    copy.put(key, value);
    return new BriskConfig(copy, env);
  }

  /** The value of {@code --key}, else env {@code BRISK_KEY}, else {@code fallback}. */
  public String get(String key, String fallback) {
    String v = args.get(key);
    if (v == null) {
      v = env.get(envName(key));
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  /** Like {@link #get} but {@code null} when unset. */
  public String get(String key) {
    return get(key, null);
  }

  /** Like {@link #get} but a missing value is an error naming the option and its variable. */
  public String require(String key) {
    String v = get(key, null);
    if (v == null) {
      throw new IllegalArgumentException("Missing setting --" + key + " (env " + envName(key)
          + ")");
    }
    return v;
  }

  /** Whether a flag such as {@code --dev-services} (or {@code BRISK_DEV_SERVICES=true}) is set. */
  public boolean flag(String key) {
    return Boolean.parseBoolean(get(key, "false").trim());
  }

  /** An integer setting; a malformed value is an error naming the option. */
  public int getInt(String key, int fallback) {
    String v = get(key, null);
    try {
      return v == null ? fallback : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
    }
  }

  /** Durations as ISO-8601 ({@code PT5S}) or plain milliseconds; see {@link Durations}. */
  public Duration getDuration(String key, Duration fallback) {
    return Durations.parse(key, get(key, null), fallback);
  }

  /** The HTTP port: {@code --port}, env {@code PORT}, else 8080. */
  public int port() {
    String v = args.containsKey("port") ? args.get("port") : env.get("PORT");
    return v == null ? getInt("port", 8080) : Integer.parseInt(Objects.requireNonNull(v).trim());
  }

  /** The environment variable of a key: {@code pg-url} is {@code BRISK_PG_URL}. */
  public static String envName(String key) {
    return "BRISK_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
