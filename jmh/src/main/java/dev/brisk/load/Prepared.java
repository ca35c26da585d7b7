package dev.brisk.load;

import java.util.Objects;

/**
 * A scenario ready to run against one target, or the reason it is skipped there (for example
 * {@code "endpoint missing: GET /api/batch answered 404"}).
 *
 * @param name the scenario's name
 * @param scenario the runnable scenario, or {@code null} when skipped
 * @param skipReason why it is skipped, or {@code null} when runnable
 */
public record Prepared(String name, Scenario scenario, String skipReason) {

  /** Exactly one of scenario and skipReason is set; any thread. */
  public Prepared {
    Objects.requireNonNull(name, "name");
    if ((scenario == null) == (skipReason == null)) {
      throw new IllegalArgumentException("exactly one of scenario and skipReason must be set");
    }
  }

  /** A runnable scenario; any thread. */
  public static Prepared ready(Scenario scenario) {
    return new Prepared(scenario.name(), scenario, null);
  }

  /** A skipped scenario; any thread. */
  public static Prepared skipped(String name, String reason) {
    return new Prepared(name, null, reason);
  }

  /** Whether the scenario is skipped. */
  public boolean isSkipped() {
    return scenario == null;
  }
}
