package dev.brisk;

/**
 * A start that failed on something outside the app and its settings (a store that cannot be
 * reached, a port already taken): the message names it and what to check, so it is logged
 * without a stack trace, which would only bury it.
 */
final class EnvironmentFailure extends IllegalStateException {

  EnvironmentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
