package dev.brisk.resilience;

import dev.brisk.problem.Problem;

/**
 * Which failures are transient: worth a retry, and counted against the target by the breaker.
 * HTTP 5xx, 408 and 429, timeouts, and anything that is not an HTTP answer (connection refused
 * or reset) are; other 4xx answers mean the target works and the request was wrong.
 */
final class Transience {

  private Transience() {
  }

  static boolean isTransient(Throwable failure) {
    if (failure instanceof OutboundException e) {
      return e.status() == 0 ? e.getCause() == null || isTransient(e.getCause())
          : isTransient(e.status());
    }
    if (failure instanceof Problem p) {
      return isTransient(p.status());
    }
    return true;
  }

  static boolean isTransient(int status) {
    return status >= 500 || status == 408 || status == 429;
  }
}
