package dev.brisk.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The command line of a benchmark main: {@code --name value} options and value-less flags, as its
 * {@link Syntax} allows. {@link #run} prints the usage for {@code --help}; an unknown, repeated or
 * value-less option, or a missing or malformed value, is a {@link UsageException}, printed with
 * the usage before anything starts (exit status 2).
 *
 * <p>{@code Cli.run(args, SYNTAX, Options::from, DeepPagingBench::run)}, where
 * {@code Options.from(cli)} reads {@code cli.getInt("--pages", 5000)} and the rest. Main thread.
 */
public final class Cli {

  /**
   * The most concurrent clients or connections an option may ask for: past it a closed loop
   * measures the machine's limits, not the server, and pool sizes derived from it overflow.
   */
  public static final int MAX_CLIENTS = 10_000;

  /** The longest duration an option takes (far beyond any run; nanoseconds stay in range). */
  static final Duration MAX_DURATION = Duration.ofDays(1);

  /** A command line the usage does not allow; its message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A usage error; {@code message} names the option and the bad value. */
    public UsageException(String message) {
      super(message);
    }
  }

  /**
   * What a main accepts: its usage text, the options that take a value and the flags that take
   * none (all spelt {@code --name}; {@code --help} and {@code -h} are always accepted).
   */
  public record Syntax(String usage, List<String> options, List<String> flags) {

    /** Validates: every name starts with {@code --} and appears once. */
    public Syntax {
      Objects.requireNonNull(usage, "usage");
      options = List.copyOf(options);
      flags = List.copyOf(flags);
      List<String> all = new ArrayList<>(options);
      all.addAll(flags);
      for (String name : all) {
        if (!name.startsWith("--") || name.equals("--help")) {
          throw new IllegalArgumentException("not an option name: " + name);
        }
      }
      if (new HashSet<>(all).size() != all.size()) {
        throw new IllegalArgumentException("an option is listed twice: " + all);
      }
    }

    /** The options and flags in {@code args}; a {@link UsageException} names what is wrong. */
    public Cli parse(String... args) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (!isName(name)) {
          throw new UsageException(name.startsWith("-") ? "unknown option " + name
              : "unexpected argument '" + name + "' (options are --name value)");
        }
        if (values.containsKey(name)) {
          throw new UsageException(name + " is given twice");
        }
        if (flags.contains(name)) {
          values.put(name, "");
        } else if (i + 1 < args.length && !isName(args[i + 1])) {
          values.put(name, args[++i]);
        } else {
          // Also `--duration --no-docs`: the next argument is an option, not the value.
          throw new UsageException(name + " needs a value");
        }
      }
      return new Cli(values);
    }

    private boolean isName(String arg) {
      return options.contains(arg) || flags.contains(arg);
    }
  }

  /** A benchmark's work, given the settings read from its command line. */
  public interface Main<T> {
    /** Runs the benchmark with {@code settings}. */
    void run(T settings) throws Exception;
  }

  private final Map<String, String> values;

  private Cli(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code args} with {@code syntax} and {@code settings} (which may throw
   * {@link UsageException} for any option), then runs {@code main} with the result. Prints the
   * usage instead for {@code --help} (or {@code -h}), and with what is wrong for a usage error,
   * then exits 2 before {@code main} starts.
   */
  public static <T> void run(String[] args, Syntax syntax, Function<Cli, T> settings,
      Main<T> main) throws Exception {
    int status = run(args, syntax, settings, main, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** {@link #run(String[], Syntax, Function, Main)}, printing to the streams given; the status. */
  static <T> int run(String[] args, Syntax syntax, Function<Cli, T> settings, Main<T> main,
      PrintStream out, PrintStream err) throws Exception {
    List<String> given = Arrays.asList(args);
    if (given.contains("--help") || given.contains("-h")) {
      out.println(syntax.usage());
      return 0;
    }
    T read;
    try {
      read = settings.apply(syntax.parse(args));
    } catch (UsageException e) {
      err.println(e.getMessage() + "\n" + syntax.usage());
      return 2;
    }
    main.run(read);
    return 0;
  }

  /** The option's value, or {@code fallback} (may be null) when it was not given. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** Whether the option or flag was given. */
  public boolean isSet(String name) {
    return values.containsKey(name);
  }

  /** The option's value; a {@link UsageException} when it was not given or is blank. */
  public String require(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  /** A number of concurrent clients or connections, from 1 to {@link #MAX_CLIENTS}. */
  public int getClients(String name, int fallback) {
    return (int) getLong(name, fallback, 1, MAX_CLIENTS);
  }

  /** A positive whole number up to {@link Integer#MAX_VALUE}. */
  public int getInt(String name, int fallback) {
    return (int) getLong(name, fallback, 1, Integer.MAX_VALUE);
  }

  /** A positive whole number. */
  public long getLong(String name, long fallback) {
    return getLong(name, fallback, 1, Long.MAX_VALUE);
  }

  /** A whole number from {@code min} to {@code max}. */
  public long getLong(String name, long fallback, long min, long max) {
    String value = values.get(name);
    return value == null ? fallback : read(name, value, v -> {
      long n = Long.parseLong(v);
      return n >= min && n <= max ? n : null;
    }, "a whole number "
        + (max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max));
  }

  /** A finite number above 0, such as {@code 4} or {@code 1.5}. */
  public double getDouble(String name, double fallback) {
    String value = values.get(name);
    return value == null ? fallback : read(name, value, v -> {
      double n = Double.parseDouble(v);
      return n > 0 && Double.isFinite(n) ? n : null;
    }, "a number above 0");
  }

  /** A duration such as {@code 500ms}, {@code 20s} or {@code 2m}, from 0 to one day. */
  public Duration getDuration(String name, String fallback) {
    return read(name, get(name, fallback), v -> {
      Duration d = duration(v);
      return d.isNegative() || d.compareTo(MAX_DURATION) > 0 ? null : d;
    }, "a duration like 500ms, 20s or 2m (at most " + MAX_DURATION.toMinutes() + "m)");
  }

  private static Duration duration(String s) {
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    if (s.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    }
    if (s.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    }
    throw new NumberFormatException(s);
  }

  /**
   * A comma-separated list such as {@code on,off}, each item one of {@code choices} (any
   * non-empty item when {@code choices} is empty), in the order given.
   */
  public List<String> getList(String name, String fallback, List<String> choices) {
    String value = get(name, fallback);
    List<String> items = List.of(value.split(",", -1));
    for (String item : items) {
      if (item.isEmpty() || !(choices.isEmpty() || choices.contains(item))) {
        throw new UsageException(name + " takes " + (choices.isEmpty() ? "a list of names"
            : "one or more of " + String.join(",", choices)) + " separated by commas, was '"
            + value + "'");
      }
    }
    return items;
  }

  /** A file path. */
  public Path getPath(String name, String fallback) {
    return read(name, get(name, fallback), Path::of, "a file path");
  }

  /**
   * An {@code http} URL with host and port, such as {@code http://127.0.0.1:8080};
   * {@code fallback} may be null for none.
   */
  public URI getUrl(String name, String fallback) {
    String value = get(name, fallback);
    return value == null ? null : read(name, value, v -> {
      URI url = URI.create(v);
      // Plain HTTP: the benchmarks' clients speak no TLS, and use the port as given.
      return "http".equals(url.getScheme()) && url.getHost() != null && url.getPort() > 0
          && url.getPort() <= 65535 ? url : null;
    }, "an http URL with host and port, like http://127.0.0.1:8080");
  }

  /** {@link #getUrl}, for an option without a default. */
  public URI requireUrl(String name) {
    return getUrl(name, require(name));
  }

  /**
   * {@code value} read by {@code parse}, which returns null or throws for a value it refuses;
   * then a {@link UsageException} says what the option must be.
   */
  private static <T> T read(String name, String value, Function<String, T> parse,
      String expected) {
    try {
      T parsed = parse.apply(value);
      if (parsed != null) {
        return parsed;
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      // A malformed number, path or URL, or a duration beyond Duration's range: named below.
    }
    throw new UsageException(name + " must be " + expected + ", was '" + value + "'");
  }
}
