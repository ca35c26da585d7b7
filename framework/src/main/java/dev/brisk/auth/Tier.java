package dev.brisk.auth;

import java.util.Objects;

/**
 * A named access level; a higher rank may do everything a lower one may. Tiers come from
 * {@link Tiers} (configuration), never from requests.
 *
 * <p>{@code caller.tier().isAtLeast(tiers.named("pro"))}
 *
 * @param name the tier's configured name, such as {@code pro}
 * @param rank its position in the configured order, 0 for the anonymous tier
 */
public record Tier(String name, int rank) {

  /** Validates the name and rank. */
  public Tier {
    Objects.requireNonNull(name, "name");
    if (rank < 0) {
      throw new IllegalArgumentException("rank must be >= 0, was " + rank);
    }
  }

  /** Whether this tier ranks at or above {@code other}. */
  public boolean isAtLeast(Tier other) {
    return rank >= other.rank;
  }
}
