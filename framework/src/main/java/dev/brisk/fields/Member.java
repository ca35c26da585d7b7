package dev.brisk.fields;

/**
 * A declared member of a {@link Resource}: a scalar {@link Field} or an {@link Embed}. Members
 * share one namespace and one declaration order (their position). Immutable.
 */
sealed interface Member permits Field, Embed {

  /** The wire name, unique within the resource. */
  String name();

  /** Whether the member is in the resource's default representation. */
  boolean isDefault();
}
