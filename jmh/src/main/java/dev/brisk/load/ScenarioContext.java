package dev.brisk.load;

import io.vertx.core.MultiMap;

/**
 * What a scenario factory may use to prepare itself against one target.
 *
 * @param target the target's name ({@code brisk}, {@code baseline}, {@code peer})
 * @param probe blocking control-plane client for that target (main thread only)
 * @param shape the dataset's row counts
 * @param headers headers every measured request carries (the API key); never mutated
 */
public record ScenarioContext(String target, Probe probe, DatasetShape shape, MultiMap headers) {

  /** The default headers plus {@code name: value}, as a new map; any thread. */
  public MultiMap headersWith(String name, String value) {
    return MultiMap.caseInsensitiveMultiMap().addAll(headers).add(name, value);
  }
}
