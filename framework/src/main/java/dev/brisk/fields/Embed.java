package dev.brisk.fields;

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
  private final Resource target;
  private final boolean isDefault;
  private final int position;
  private final String keyColumn;
  private final String keySql;
  private final String targetKeySql;
  private final FieldType keyType;
  private final FieldType targetKeyType;

  Embed(Resource owner, Resource.EmbedSpec spec, int position, Field localKeyField) {
    this.owner = owner;
    this.name = spec.name();
    this.cardinality = spec.cardinality();
    this.target = spec.target();
    this.isDefault = spec.inclusion() == Inclusion.DEFAULT;
    this.position = position;
    this.keyColumn = spec.localKey();
    Field targetKeyField = target.field(spec.targetKey());
    this.targetKeySql = targetKeyField != null
        ? targetKeyField.sql() : target.alias() + "." + spec.targetKey();
    if (localKeyField != null) {
      this.keySql = localKeyField.sql();
      this.keyType = localKeyField.type();
    } else {
      this.keySql = owner.alias() + "." + spec.localKey();
      this.keyType = targetKeyField != null ? targetKeyField.type() : FieldType.LONG;
    }
    this.targetKeyType = targetKeyField != null ? targetKeyField.type() : keyType;
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
    return target;
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
    return targetKeySql;
  }

  /** The type of the key values (LONG keys are always {@link Long}). */
  public FieldType keyType() {
    return keyType;
  }

  /** The type of the target key column, which the SQL loader binds its key array as. */
  FieldType targetKeyType() {
    return targetKeyType;
  }

  int position() {
    return position;
  }

  /** The select-list item that fetches the key under the label {@link #keyColumn()}. */
  String keySelect() {
    return Columns.select(keySql, keyColumn, owner.alias());
  }

  @Override
  public String toString() {
    return qualifiedName() + " " + cardinality + " -> " + target.name();
  }
}
