package dev.brisk.resilience;

import dev.brisk.problem.Problem;
import java.time.Duration;
import java.util.Objects;

/**
 * Why an outbound call failed. Calls made through {@link Outbound} fail with this type only; the
 * target's own failure is the cause. Also what a call may fail with to report an HTTP status,
 * so retries see it ({@code 5xx}, {@code 429} and {@code 408} are transient) and honour its
 * {@code Retry-After}: {@code OutboundException.status("carrier", 503, Duration.ofSeconds(2))}.
 *
 * <p>No stack trace is captured (failing is cheap). Immutable and thread-safe.
 */
public final class OutboundException extends RuntimeException {

  private final String target;
  private final Outcome outcome;
  private final int status;
  private final Duration retryAfter;

  OutboundException(String target, Outcome outcome, int status, Duration retryAfter,
      String message, Throwable cause) {
    super(message, cause, false, false);
    this.target = Objects.requireNonNull(target, "target");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /**
   * The target answered with an HTTP error {@code status}; {@code retryAfter} (nullable) is its
   * {@code Retry-After}.
   */
  public static OutboundException status(String target, int status, Duration retryAfter) {
    return new OutboundException(target, Outcome.FAILURE, status, retryAfter,
        target + " answered " + status, null);
  }

  /** The called service, as in {@link OutboundOptions#target()}. */
  public String target() {
    return target;
  }

  /** How the call ended: never {@link Outcome#SUCCESS}. */
  public Outcome outcome() {
    return outcome;
  }

  /** The target's HTTP status, or 0 when it gave none. */
  public int status() {
    return status;
  }

  /** When to try again ({@code Retry-After}, or what is left of the open breaker), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * The problem to answer a client with when no fallback exists: 503 {@code unavailable} with
   * {@code Retry-After} (at least 1 s).
   */
  public Problem toProblem() {
    Duration after = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
    return Problem.unavailable(detail()).withRetryAfter(after);
  }

  private String detail() {
    return switch (outcome) {
      case TIMEOUT -> target + " did not answer in time";
      case REJECTED -> target + " has too many calls in flight";
      case SHORT_CIRCUITED -> target + " is failing; calls are paused";
      default -> target + " is failing";
    };
  }
}
