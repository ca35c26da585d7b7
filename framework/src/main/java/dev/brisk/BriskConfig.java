package dev.brisk;

import dev.brisk.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings from command-line arguments and environment, with defaults.
 *
 * <p>{@code --some-key v} beats env {@code BRISK_SOME_KEY} beats the default; the port alone also
 * reads {@code PORT} (see {@link #port()}). {@code BriskConfig.from(args, System.getenv())}
 *
 * <p>Immutable and thread-safe; it remembers which settings were read, so that
 * {@link #unread()} can name a mistyped command-line option.
 */
public final class BriskConfig {

  /**
   * Settings that are secrets and nothing else, read from the environment only: a command line
   * is visible to every local user ({@code ps}, {@code /proc/<pid>/cmdline}).
   */
  private static final Set<String> ENVIRONMENT_ONLY = Set.of("cursor-keys", "jwt-secret");
  private static final Pattern FIRST_WORD = Pattern.compile("[a-z][A-Za-z0-9-]*(?= )");
  private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

  private final Map<String, String> args;
  private final Map<String, String> env;
  /** Keys given on the command line. */
  private final Set<String> given;
  /** Keys asked for, in the order first asked, shared by this config and its copies. */
  private final Set<String> read;

  private BriskConfig(Map<String, String> args, Map<String, String> env, Set<String> given,
      Set<String> read) {
    this.args = Map.copyOf(args);
    this.env = Map.copyOf(env);
    this.given = Set.copyOf(given);
    this.read = read;
  }

  /**
   * Parses {@code --key value} and {@code --key=value} pairs, and flags ({@code --dev-services}
   * followed by another option or nothing) as {@code true}; anything else is an error. An option
   * is {@code --} and a letter, so a value may start with dashes (a PEM key's
   * {@code -----BEGIN PUBLIC KEY-----}). The secrets {@code cursor-keys} and {@code jwt-secret}
   * are refused here: they are read from the environment only.
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
      } else if (i + 1 < argv.length && !isOption(argv[i + 1])) {
        args.put(a.substring(2), argv[++i]);
      } else {
        args.put(a.substring(2), "true");
      }
    }
    for (String secret : ENVIRONMENT_ONLY) {
      if (args.containsKey(secret)) {
        throw new IllegalArgumentException("--" + secret + " is a secret and is read from the "
            + "environment only: set " + envName(secret) + " instead (a command line is visible "
            + "to every local user)");
      }
    }
    return new BriskConfig(args, env, args.keySet(), newReadLog());
  }

  /**
   * Whether {@code key} is a secret read from the environment only ({@code cursor-keys},
   * {@code jwt-secret}): {@link #from} refuses it on a command line.
   */
  public static boolean isEnvironmentOnly(String key) {
    return ENVIRONMENT_ONLY.contains(key);
  }

  private static boolean isOption(String arg) {
    return arg.length() > 2 && arg.startsWith("--") && Character.isLetter(arg.charAt(2));
  }

  /** A config with only these settings (keys as on the command line), for tests. */
  public static BriskConfig of(Map<String, String> settings) {
    return new BriskConfig(settings, Map.of(), Set.of(), newReadLog());
  }

  private static Set<String> newReadLog() {
    return Collections.synchronizedSet(new LinkedHashSet<>());
  }

  /** Returns a copy with one more setting, taking precedence over the environment. */
  public BriskConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(args);
    copy.put(key, value);
    return new BriskConfig(copy, env, given, read);
  }

  /** The value of {@code --key}, else env {@code BRISK_KEY}, else {@code fallback}. */
  public String get(String key, String fallback) {
    read.add(key);
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

  /**
   * Whether a flag such as {@code --dev-services} (or {@code BRISK_DEV_SERVICES=true}) is set;
   * a value other than {@code true} or {@code false} is an error naming the option.
   */
  public boolean flag(String key) {
    String v = get(key, "false").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, was '"
          + get(key) + "'");
    };
  }

  /** An integer setting; a malformed value is an error naming the option. */
  public int getInt(String key, int fallback) {
    return number(key, get(key, null), "an integer", Integer::parseInt, fallback);
  }

  /** A long setting, such as a size in bytes; a malformed value is an error naming the option. */
  public long getLong(String key, long fallback) {
    return number(key, get(key, null), "an integer", Long::parseLong, fallback);
  }

  /** A decimal setting, such as a share; a malformed value is an error naming the option. */
  public double getDouble(String key, double fallback) {
    return number(key, get(key, null), "a number", Double::parseDouble, fallback);
  }

  /**
   * Whether {@code --env} ({@code BRISK_ENV}) is {@code production}: never dev services, and
   * what an app keeps for development off. Any value but {@code development} (the default) or
   * {@code production} is an error naming the setting, so that a misspelt {@code prod} cannot
   * run a production deployment as a development one.
   */
  public boolean production() {
    String v = get("env", "development").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "production" -> true;
      case "development" -> false;
      default -> throw new IllegalArgumentException("env must be development or production, was '"
          + get("env") + "'");
    };
  }

  /**
   * {@code key}'s value made by {@code parse}, else {@code fallback} when unset; a value it
   * refuses is an error naming the setting ({@code --rate-limits (BRISK_RATE_LIMITS): rate limit
   * must look like tier=10/s:20, was 'x'}), since the parser's own message cannot.
   * {@code config.parse("rate-limit-costs", RateLimitOptions::parseCosts, Map.of())}
   */
  public <T> T parse(String key, Function<String, T> parse, T fallback) {
    String v = get(key, null);
    try {
      return v == null ? fallback : parse.apply(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting(key) + ": " + e.getMessage(), e);
    }
  }

  /** Durations as ISO-8601 ({@code PT5S}) or plain milliseconds; see {@link Durations}. */
  public Duration getDuration(String key, Duration fallback) {
    return Durations.parse(key, get(key, null), fallback);
  }

  /** The HTTP port: {@code --port}, else env {@code PORT}, else {@code BRISK_PORT}, else 8080. */
  public int port() {
    String port = env.get("PORT");
    return args.containsKey("port") || port == null || port.isBlank() ? getInt("port", 8080)
        : number("PORT", port, "an integer", Integer::parseInt, 8080);
  }

  /**
   * Command-line options (without dashes) that no setting has read so far: after startup, a
   * mistyped or unknown option. Their values are not shown, as they may be secrets.
   */
  public List<String> unread() {
    return givenExcept(read);
  }

  /** Command-line options (without dashes) given that are not among {@code known}. */
  public List<String> givenExcept(Set<String> known) {
    return given.stream().filter(k -> !known.contains(k)).sorted().toList();
  }

  /**
   * {@code message} of a failed check, its first word (an option such as {@code pg-pool-size}, or
   * the options field it fills, such as {@code pgPoolSize} or {@code maxBytes}) replaced by the
   * setting it came from: the one so named in dashes, else the last one read whose name ends
   * with it, as {@code --cache-max-bytes (BRISK_CACHE_MAX_BYTES)}, or as {@code BRISK_JWT_SECRET}
   * alone for a secret read from the environment only. Other messages come back unchanged.
   */
  public String explain(String message) {
    Matcher word = FIRST_WORD.matcher(message);
    if (!word.lookingAt()) {
      return message;
    }
    String dashed = CAMEL_HUMP.matcher(word.group()).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    List<String> keys;
    synchronized (read) {
      keys = new ArrayList<>(read);
    }
    String key = keys.contains(dashed) ? dashed : null;
    for (int i = keys.size() - 1; key == null && i >= 0; i--) {
      key = keys.get(i).endsWith("-" + dashed) ? keys.get(i) : null;
    }
    if (key == null) {
      return message;
    }
    return setting(key) + message.substring(word.end());
  }

  /**
   * How an error names setting {@code key}: {@code --cache-max-bytes (BRISK_CACHE_MAX_BYTES)},
   * or a secret by its variable alone ({@code BRISK_JWT_SECRET}), whose option would be refused.
   */
  private static String setting(String key) {
    return isEnvironmentOnly(key) ? envName(key) : "--" + key + " (" + envName(key) + ")";
  }

  private static <T> T number(String key, String value, String kind, Function<String, T> parse,
      T fallback) {
    try {
      return value == null ? fallback : parse.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be " + kind + ", was '" + value + "'");
    }
  }

  /** The environment variable of a key: {@code pg-url} is {@code BRISK_PG_URL}. */
  public static String envName(String key) {
    return "BRISK_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
