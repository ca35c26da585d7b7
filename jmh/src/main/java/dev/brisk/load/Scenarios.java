package dev.brisk.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scenario registry: name to factory. {@link #standard()} holds the built-in scenarios;
 * {@link #with} plugs in more. Used from the harness's main thread.
 * {@code Scenarios.standard().with("users", ctx -> Prepared.ready(Scenario.of(...)))}
 */
public final class Scenarios {

  /** Prepares one scenario against one target; runs on the main thread and may block. */
  @FunctionalInterface
  public interface Factory {
    /** The runnable scenario, or a skip naming why (endpoint missing, no ETag, ...). */
    Prepared prepare(ScenarioContext context);
  }

  private final Map<String, Factory> factories;

  private Scenarios(Map<String, Factory> factories) {
    this.factories = Collections.unmodifiableMap(factories);
  }

  /** The built-in scenarios, in table order; see docs/load-harness.md. */
  public static Scenarios standard() {
    Map<String, Factory> m = new LinkedHashMap<>();
    m.put("get", StandardScenarios::singleGet);
    m.put("list", StandardScenarios::listWithFields);
    m.put("page", StandardScenarios::defaultPage);
    m.put("nested", StandardScenarios::nestedEmbeds);
    m.put("batch", StandardScenarios::batch);
    m.put("export", StandardScenarios::export);
    m.put("not-modified", StandardScenarios::notModified);
    m.put("overload", StandardScenarios::overload);
    return new Scenarios(m);
  }

  /** A registry with {@code name} added or replaced. */
  public Scenarios with(String name, Factory factory) {
    Map<String, Factory> m = new LinkedHashMap<>(factories);
    m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(factory, "factory"));
    return new Scenarios(m);
  }

  /** Registered names in order. */
  public List<String> names() {
    return new ArrayList<>(factories.keySet());
  }

  /** Prepares {@code name} against the context's target; unknown names throw. */
  public Prepared prepare(String name, ScenarioContext context) {
    Factory f = factories.get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown scenario " + name + ", known: " + names());
    }
    return f.prepare(context);
  }
}
