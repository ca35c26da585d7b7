package dev.brisk.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --name value} options of a benchmark main. {@link #run} prints the usage for
 * {@code --help}; an unknown option or a missing or malformed value is a {@link UsageException},
 * printed with the usage before anything starts (exit status 2).
 *
 * <p>{@code Cli.run(args, USAGE, List.of("--url", "--pages"), cli -> walk(cli.getInt("--pages",
 * 5000)))}
 */
public final class Cli {

  /** A command line the usage does not allow; its message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** A benchmark's work, reading its options first. */
  public interface Main {
    /** Runs the benchmark with {@code cli}'s options. */
    void run(Cli cli) throws Exception;
  }

  private final Map<String, String> values;

  private Cli(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Runs {@code main} with the options in {@code args}, which may hold only {@code known} ones,
   * each with a value: prints {@code usage} instead for {@code --help}, and with what is wrong
   * for a {@link UsageException} (then exits 2).
   */
  public static void run(String[] args, String usage, List<String> known, Main main)
      throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(usage);
      return;
    }
    try {
      main.run(of(args, known));
    } catch (UsageException e) {
      System.err.println(e.getMessage() + "\n" + usage);
      System.exit(2);
    }
  }

  /** The options in {@code args}, each one of {@code known} with a value. */
  static Cli of(String[] args, List<String> known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new UsageException("unknown option " + args[i]);
      }
      if (i + 1 == args.length) {
        throw new UsageException(args[i] + " needs a value");
      }
      values.put(args[i], args[i + 1]);
    }
    return new Cli(values);
  }

  /** The option's value, or {@code fallback} when it was not given. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The option's value; a {@link UsageException} when it was not given. */
  public String require(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  /** A positive whole number up to {@link Integer#MAX_VALUE}. */
  public int getInt(String name, int fallback) {
    long value = getLong(name, fallback);
    if (value > Integer.MAX_VALUE) {
      throw new UsageException(name + " must be at most " + Integer.MAX_VALUE + ", was "
          + value);
    }
    return (int) value;
  }

  /** A positive whole number. */
  public long getLong(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Named below.
    }
    throw new UsageException(name + " must be a positive whole number, was '" + value + "'");
  }

  /** A duration such as {@code 500ms}, {@code 20s} or {@code 2m}. */
  public Duration getDuration(String name, String fallback) {
    try {
      return LoadOptions.duration(get(name, fallback));
    } catch (IllegalArgumentException e) {
      throw new UsageException(name + ": " + e.getMessage());
    }
  }
}
