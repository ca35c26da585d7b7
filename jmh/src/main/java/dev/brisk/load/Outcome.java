package dev.brisk.load;

/** How a response counts in a run's tally. */
public enum Outcome {
  /** The answer the scenario expects (200, or 304 for the conditional scenario). */
  OK,
  /** Load shedding or rate limiting: 503 or 429, expected under overload. */
  SHED,
  /** Anything else, including transport failures and timeouts. */
  ERROR
}
