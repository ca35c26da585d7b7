package dev.brisk.resilience;

import java.util.Locale;

/** How an outbound call ended: the {@code outcome} tag of {@code brisk.outbound.calls}. */
public enum Outcome {
  /** The target answered (retries included). */
  SUCCESS,
  /** The target failed, and retries, if allowed, did not help. */
  FAILURE,
  /** The call's deadline passed; the attempt in flight was cancelled. */
  TIMEOUT,
  /** The bulkhead was full; the target was not called. */
  REJECTED,
  /** The breaker was open; the target was not called. */
  SHORT_CIRCUITED;

  /** The tag value, lower case. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
