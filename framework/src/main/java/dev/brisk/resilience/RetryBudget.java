package dev.brisk.resilience;

/**
 * Retries allowed over a rolling window: at most {@code ratio} of the calls in the window plus a
 * floor, so a failing target sees at most (1 + ratio) times the calls it would see without
 * retries. Thread-safe.
 */
final class RetryBudget {

  private static final int CALLS = 0;
  private static final int RETRIES = 1;

  private final RollingWindow window;
  private final double ratio;
  private final int floor;

  RetryBudget(RetryOptions options) {
    this.window = new RollingWindow(options.budgetWindow().toNanos(), 2);
    this.ratio = options.budgetRatio();
    this.floor = options.minRetriesPerWindow();
  }

  synchronized void recordCall(long now) {
    window.add(CALLS, now);
  }

  /** Takes one retry from the budget, or returns false when it is spent. */
  synchronized boolean tryRetry(long now) {
    long retries = window.sum(RETRIES, now);
    if (retries + 1 > ratio * window.sum(CALLS, now) + floor) {
      return false;
    }
    window.add(RETRIES, now);
    return true;
  }
}
