package dev.brisk.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Logs identical errors once per interval with a count, so an outage that fails every request
 * writes a few lines instead of one stack trace per request. The first occurrence of a key is
 * logged at once (with its stack trace); later ones within the interval are counted, and the
 * first after it is logged with {@code (N more since ...)}.
 *
 * <p>{@code LOG_ONCE.error("pg-down " + e.getMessage(), "PostgreSQL unreachable: {}", e)}
 *
 * <p>Not API. Thread-safe; keys are bounded by the caller (a class and message, not a request).
 */
public final class ThrottledLog {

  private static final int MAX_KEYS = 1024;

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Logs to {@code log} at most once per {@code interval} and key; time from {@code nanoClock}. */
  public ThrottledLog(Logger log, Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * Logs {@code message} (an SLF4J pattern with one {@code {}} for the failure's message) at
   * ERROR unless {@code key} was logged less than an interval ago; returns whether it logged.
   */
  public boolean error(String key, String message, Throwable failure) {
    long suppressed = admit(key);
    if (suppressed < 0) {
      return false;
    }
    log.error(message + suffix(suppressed), String.valueOf(failure.getMessage()), failure);
    return true;
  }

  /** Like {@link #error} at WARN and without the stack trace. */
  public boolean warn(String key, String message, Throwable failure) {
    long suppressed = admit(key);
    if (suppressed < 0) {
      return false;
    }
    log.warn(message + suffix(suppressed), String.valueOf(failure.getMessage()));
    return true;
  }

  /** Logs {@code message} as it is (no placeholder) at WARN, throttled like {@link #warn}. */
  public boolean warn(String key, String message) {
    return warn(key, () -> message);
  }

  /**
   * Like {@link #warn(String, String)}, building the message only when it is logged: for a path
   * that runs per request while it fails (a shed), where a suppressed call must stay cheap.
   */
  public boolean warn(String key, Supplier<String> message) {
    long suppressed = admit(key);
    if (suppressed < 0) {
      return false;
    }
    log.warn("{}{}", message.get(), suffix(suppressed));
    return true;
  }

  private String suffix(long suppressed) {
    return suppressed == 0 ? "" : " (" + suppressed + " more like this in the last "
        + Duration.ofNanos(intervalNanos).toSeconds() + " s)";
  }

  /** -1 when the key is inside its interval (counted), else how many were suppressed before. */
  private long admit(String key) {
    long now = nanoClock.getAsLong();
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    Window w = windows.computeIfAbsent(key, k -> new Window(now - intervalNanos));
    synchronized (w) {
      if (now - w.loggedAt < intervalNanos) {
        w.suppressed++;
        return -1;
      }
      long suppressed = w.suppressed;
      w.loggedAt = now;
      w.suppressed = 0;
      return suppressed;
    }
  }

  private static final class Window {
    private long loggedAt;
    private long suppressed;

    private Window(long loggedAt) {
      this.loggedAt = loggedAt;
    }
  }
}
