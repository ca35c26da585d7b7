package dev.brisk.shop.data;

import java.util.Locale;

/**
 * The sizes of a deterministic shop dataset; the same name always yields the same rows.
 *
 * @param name {@code small} or {@code large}
 */
public record Dataset(String name, int categories, int products, int users, int orders) {

  public static final Dataset SMALL = new Dataset("small", 50, 10_000, 2_000, 20_000);
  public static final Dataset LARGE = new Dataset("large", 200, 1_000_000, 100_000, 1_000_000);

  /** The dataset called {@code name}; anything else is an error listing the choices. */
  public static Dataset named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "small" -> SMALL;
      case "large" -> LARGE;
      default -> throw new IllegalArgumentException(
          "Unknown dataset '" + name + "'; use small or large");
    };
  }
}
