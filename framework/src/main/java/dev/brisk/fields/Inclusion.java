package dev.brisk.fields;

/**
 * Whether a declared field or embed is part of a resource's default representation.
 *
 * <p>{@code .field("name", "p.name", FieldType.TEXT, Inclusion.DEFAULT)}; static-import the
 * constants so declarations read {@code .field("name", "p.name", TEXT, DEFAULT)}. Immutable.
 */
public enum Inclusion {
  /** Sent when {@code fields} is omitted or names {@code *} at this level. */
  DEFAULT,
  /** Sent only when {@code fields} names it explicitly. */
  ON_REQUEST
}
