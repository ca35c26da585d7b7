package dev.brisk.db;

import java.util.Locale;

/**
 * How PostgreSQL plans Brisk's prepared statements ({@code plan_cache_mode} on every connection).
 *
 * <p>{@link #GENERIC} is the default: a statement is planned once per connection and its plan
 * reused. Under {@code auto}, PostgreSQL keeps re-planning any statement whose generic plan looks
 * costlier than a plan for the actual values, which is what a batch lookup
 * ({@code WHERE id = ANY($1)}, the DataLoader's shape) always looks like: planning then costs
 * more than running it, on every call. See docs/database.md#plans-of-prepared-statements.
 */
public enum PlanCacheMode {
  /** PostgreSQL's own choice ({@code auto}): custom plans for the first 5 runs, then compares. */
  AUTO("auto"),
  /** One plan per statement and connection ({@code force_generic_plan}). */
  GENERIC("force_generic_plan"),
  /** A new plan for every run, for the values given ({@code force_custom_plan}). */
  CUSTOM("force_custom_plan");

  private final String setting;

  PlanCacheMode(String setting) {
    this.setting = setting;
  }

  /** The {@code plan_cache_mode} value sent when connecting. */
  public String setting() {
    return setting;
  }

  /**
   * {@code auto}, {@code generic} or {@code custom} (PostgreSQL's own names are accepted too);
   * anything else fails naming the value.
   */
  public static PlanCacheMode parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (PlanCacheMode mode : values()) {
      if (v.equals(mode.name().toLowerCase(Locale.ROOT)) || v.equals(mode.setting)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "pg-plan-cache-mode must be auto, generic or custom, was '" + value + "'");
  }
}
