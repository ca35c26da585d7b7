package dev.brisk.fields;

import java.util.Objects;

/**
 * One declared scalar field of a {@link Resource}: its wire name, the SQL that reads it, its type
 * and whether it is in the default representation.
 *
 * <p>Declared with {@code Resource.builder(...).field("price_cents", "p.price_cents", LONG)};
 * read back with {@code mask.fields()}. Immutable and thread-safe.
 */
public final class Field implements Member {
  private final String name;
  private final String sql;
  private final FieldType type;
  private final boolean isDefault;
  private final String column;

  Field(String name, String sql, FieldType type, boolean isDefault, String alias) {
    this.name = Objects.requireNonNull(name, "name");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.type = Objects.requireNonNull(type, "type");
    this.isDefault = isDefault;
    this.column = Columns.select(sql, name, alias);
  }

  /** The snake_case wire name, also the label of this field's column in the projection. */
  @Override
  public String name() {
    return name;
  }

  /** The SQL column or expression, qualified with the resource alias ({@code p.name}). */
  public String sql() {
    return sql;
  }

  /** How the value is read from a row and written to JSON. */
  public FieldType type() {
    return type;
  }

  /** Whether the field is in the default representation. */
  @Override
  public boolean isDefault() {
    return isDefault;
  }

  /** The select-list item: {@code p.name}, or {@code <expr> AS name} when the label differs. */
  String column() {
    return column;
  }

  @Override
  public String toString() {
    return name + " " + type + " <- " + sql;
  }
}
