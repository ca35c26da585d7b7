package dev.brisk.internal;

/**
 * The one rule by which lower tiers give way first, shared by the admission limiter and the
 * stream caps: callers of the tier ranked {@code rank} may fill a share of a capacity that rises
 * evenly from {@code lowestShare} for the lowest tier to all of it for the highest, and all of it
 * when there is a single tier (nobody to give way to). Stateless.
 */
public final class TierCeilings {

  private TierCeilings() {
  }

  /**
   * The share of the capacity tier {@code rank} of {@code 0..highestRank} may fill.
   * {@code TierCeilings.share(0, 3, 0.5)} is 0.5, {@code share(3, 3, 0.5)} 1.0.
   */
  public static double share(int rank, int highestRank, double lowestShare) {
    if (highestRank == 0) {
      return 1;
    }
    return lowestShare + (1 - lowestShare) * Math.min(rank, highestRank) / highestRank;
  }
}
