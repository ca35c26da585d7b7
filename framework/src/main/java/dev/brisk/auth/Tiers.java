package dev.brisk.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configured tiers, lowest first: the first is the tier of anonymous callers, the last the
 * operators' tier (health details, internal routes). Defaults to
 * {@code anonymous < free < pro < internal}; {@code --tiers anonymous,free,pro,internal}
 * changes it.
 *
 * <p>{@code Tiers.of("anonymous", "free", "pro", "internal").named("pro")}
 *
 * <p>Immutable and thread-safe.
 */
public final class Tiers {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");

  private final List<Tier> ordered;
  private final Map<String, Tier> byName;

  private Tiers(List<Tier> ordered) {
    this.ordered = List.copyOf(ordered);
    Map<String, Tier> map = new HashMap<>();
    ordered.forEach(t -> map.put(t.name(), t));
    this.byName = Map.copyOf(map);
  }

  /**
   * Tiers from lowest to highest; at least two distinct names of lower-case letters, digits,
   * {@code _}, {@code -} and {@code .}, starting with a letter (they appear in the
   * {@code RateLimit-Policy} and {@code RateLimit} headers and in meter tags).
   */
  public static Tiers of(String... names) {
    if (names.length < 2) {
      throw new IllegalArgumentException("tiers need at least an anonymous and one other tier, "
          + "was " + List.of(names));
    }
    List<Tier> tiers = new ArrayList<>();
    for (String name : names) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (!n.isEmpty() && !NAME.matcher(n).matches()) {
        throw new IllegalArgumentException("tier names hold lower-case letters, digits, '_', "
            + "'-' and '.' and start with a letter, was '" + name.trim() + "'");
      }
      if (n.isEmpty() || tiers.stream().anyMatch(t -> t.name().equals(n))) {
        throw new IllegalArgumentException("tier names must be distinct and non-empty, was "
            + List.of(names));
      }
      tiers.add(new Tier(n, tiers.size()));
    }
    return new Tiers(tiers);
  }

  /** {@code anonymous < free < pro < internal}, as API.md defines. */
  public static Tiers defaults() {
    return of("anonymous", "free", "pro", "internal");
  }

  /** Parses a comma-separated list, lowest first. */
  public static Tiers parse(String list) {
    return of(list.split(","));
  }

  /** The tier called {@code name}; an unknown name is an error listing the known ones. */
  public Tier named(String name) {
    Tier tier = byName.get(name);
    if (tier == null) {
      throw new IllegalArgumentException("Unknown tier '" + name + "'; tiers are " + names());
    }
    return tier;
  }

  /** Whether a tier with this name is configured. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The tier of callers without credentials (the lowest). */
  public Tier anonymous() {
    return ordered.get(0);
  }

  /** The operators' tier (the highest): sees health details and internal routes. */
  public Tier highest() {
    return ordered.get(ordered.size() - 1);
  }

  /** The names, lowest first. */
  public List<String> names() {
    return ordered.stream().map(Tier::name).toList();
  }

  @Override
  public String toString() {
    return String.join(" < ", names());
  }
}
