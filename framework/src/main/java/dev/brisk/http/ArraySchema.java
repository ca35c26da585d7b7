package dev.brisk.http;

import dev.brisk.fields.FieldType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** 1 to {@code maxItems} values of one schema, as {@link Validation#requiredArray}. */
final class ArraySchema extends SchemaNode {

  private final SchemaNode items;
  private final int maxItems;

  ArraySchema(SchemaNode items, int maxItems, String description, boolean nullable) {
    super(description, nullable);
    this.items = Objects.requireNonNull(items, "items");
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be >= 1, was " + maxItems);
    }
    this.maxItems = maxItems;
  }

  @Override
  Object check(Object value, String pointer, String name, Validation v) {
    JsonArray array = v.array(value, pointer, name, maxItems);
    if (array == null) {
      return null;
    }
    int before = v.errorCount();
    JsonArray valid = new JsonArray();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String at = pointer + "/" + i;
      if (item != null) {
        valid.add(items.check(item, at, "each item", v));
      } else if (items.nullable) {
        valid.addNull();
      } else {
        v.error(at, "each item must not be null");
      }
    }
    return v.errorCount() == before ? valid : null;
  }

  @Override
  boolean binds(FieldType type) {
    return type == FieldType.JSON;
  }

  @Override
  JsonObject schema() {
    return new JsonObject().put("type", "array").put("minItems", 1).put("maxItems", maxItems)
        .put("items", items.toJson());
  }

  @Override
  public BodySchema withDescription(String text) {
    return new ArraySchema(items, maxItems, text, nullable);
  }

  @Override
  public BodySchema nullable() {
    return new ArraySchema(items, maxItems, description, true);
  }
}
