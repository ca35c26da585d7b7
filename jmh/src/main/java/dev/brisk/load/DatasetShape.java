package dev.brisk.load;

/**
 * Row counts of a sample-app dataset (API.md "Datasets"), used to pick ids that exist.
 *
 * @param name dataset name
 * @param products number of products (ids 1..products)
 * @param categories number of categories (ids 1..categories)
 */
public record DatasetShape(String name, long products, long categories) {

  /** The shape of {@code small} or {@code large}; any thread. */
  public static DatasetShape of(String name) {
    switch (name) {
      case "small":
        return new DatasetShape(name, 10_000, 50);
      case "large":
        return new DatasetShape(name, 1_000_000, 200);
      default:
        throw new IllegalArgumentException("dataset must be small or large, was " + name);
    }
  }
}
