package dev.brisk.fields;

/**
 * How many target rows an {@link Embed} attaches to one row of its owner.
 *
 * <p>{@code embed.cardinality() == Cardinality.MANY}. Immutable.
 */
public enum Cardinality {
  /** A to-one embed: a JSON object, or {@code null} when the key is null or has no match. */
  ONE,
  /** A to-many embed: a JSON array, empty when nothing matches. */
  MANY
}
