package dev.brisk.fields;

import java.util.function.Supplier;

/**
 * One declared embed of a {@link Resource}: another resource attached by key, to-one
 * ({@code product.category} through this row's {@code category_id}) or to-many
 * ({@code order.items}, the items whose {@code order_id} is this row's {@code id}).
 *
 * <p>Declared with {@code .embedOne("category", "category_id", CATEGORY)} or
 * {@code .embedMany("items", ORDER_ITEM, "order_id")}; resolved at render time by the
 * {@link EmbedLoader} that {@link EmbedLoaders} returns for it. Immutable and thread-safe.
 */
public final class Embed implements Member {
  private final String name;
  private final Cardinality cardinality;
  private final Resource owner;
  private final Supplier<Resource> targetSupplier;
  private final String targetKey;
  private final boolean isDefault;
  private final int position;
  private final String keyColumn;
  private final String keySql;
  private final FieldType localKeyType;
  private volatile Target resolved;

  Embed(Resource owner, Resource.EmbedSpec spec, int position, Field localKeyField) {
    this.owner = owner;
    this.name = spec.name();
    this.cardinality = spec.cardinality();
    this.targetSupplier = spec.target();
    this.targetKey = spec.targetKey();
    this.isDefault = spec.inclusion() == Inclusion.DEFAULT;
    this.position = position;
    this.keyColumn = spec.localKey();
    this.keySql = localKeyField != null ? localKeyField.sql() : owner.alias() + "." + keyColumn;
    this.localKeyType = localKeyField != null ? localKeyField.type() : null;
  }

  /** The target and its key, resolved on first use so resources may embed each other. */
  private record Target(Resource resource, String keySql, FieldType keyType,
      FieldType targetKeyType) {
  }

  private Target resolved() {
    Target t = resolved;
    if (t == null) {
      Resource target = targetSupplier.get();
      if (target == null) {
        throw new IllegalStateException("embed " + owner.name() + "." + name
            + (targetSupplier instanceof NamedTarget named ? " names resource " + named.name()
            + ", not linked yet: pass both to Resource.link(...)"
            : " has no target yet: its supplier returned null (a static field not yet set?)"));
      }
      Field targetKeyField = target.field(targetKey);
      String sql = targetKeyField != null ? targetKeyField.sql() : target.alias() + "." + targetKey;
      FieldType keyType = localKeyType != null ? localKeyType
          : targetKeyField != null ? targetKeyField.type() : FieldType.LONG;
      t = new Target(target, sql, keyType, targetKeyField != null ? targetKeyField.type()
          : keyType);
      resolved = t;
    }
    return t;
  }

  /** The target as declared: a supplier, resolved on first use. */
  Supplier<Resource> targetSupplier() {
    return targetSupplier;
  }

  /** The wire name ({@code category}). */
  @Override
  public String name() {
    return name;
  }

  /** {@code owner.name}, e.g. {@code product.category}: the key {@link EmbedLoaders#of} uses. */
  public String qualifiedName() {
    return owner.name() + "." + name;
  }

  /** Whether one object or a list is attached. */
  public Cardinality cardinality() {
    return cardinality;
  }

  /** The resource that declares this embed. */
  public Resource owner() {
    return owner;
  }

  /** The embedded resource. */
  public Resource target() {
    return resolved().resource();
  }

  /** Whether the embed is in the owner's default representation (never, unless declared). */
  @Override
  public boolean isDefault() {
    return isDefault;
  }

  /**
   * The owner-row column holding the key ({@code category_id}; {@code id} for to-many). It is
   * fetched whenever the embed is selected, and written to JSON only if selected as a field.
   */
  public String keyColumn() {
    return keyColumn;
  }

  /** The target's SQL matched against the keys ({@code c.id}, {@code i.order_id}). */
  public String targetKeySql() {
    return resolved().keySql();
  }

  /** The type of the key values (LONG keys are always {@link Long}). */
  public FieldType keyType() {
    return resolved().keyType();
  }

  /** The type of the target key column, which the SQL loader binds its key array as. */
  FieldType targetKeyType() {
    return resolved().targetKeyType();
  }

  int position() {
    return position;
  }

  /** The owner's SQL holding the key ({@code p.category_id}), under the owner's alias. */
  String keySql() {
    return keySql;
  }

  /** The select-list item that fetches the key under the label {@link #keyColumn()}. */
  String keySelect() {
    return Columns.select(keySql, keyColumn, owner.alias());
  }

  @Override
  public String toString() {
    return qualifiedName() + " " + cardinality + " -> " + target().name();
  }
}
