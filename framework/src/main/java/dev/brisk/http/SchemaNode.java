package dev.brisk.http;

import dev.brisk.fields.FieldType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What every {@link BodySchema} is: a check of one present value and the schema it states. */
abstract sealed class SchemaNode implements BodySchema
    permits ScalarSchema, DecimalSchema, TextSchema, ArraySchema, ObjectNode {

  final String description;
  final boolean nullable;

  SchemaNode(String description, boolean nullable) {
    this.description = description;
    this.nullable = nullable;
  }

  /**
   * {@code value} (never null) at {@code pointer}, checked: the value to keep, or null after
   * recording each error in {@code v}. {@code name} is what details call it.
   */
  abstract Object check(Object value, String pointer, String name, Validation v);

  /** The JSON Schema without its description and nullability. */
  abstract JsonObject schema();

  /** Whether a valid value, as {@link Assignments} binds it, can set a column of {@code type}. */
  abstract boolean binds(FieldType type);

  @Override
  public final JsonObject toJson() {
    JsonObject json = schema();
    if (nullable && json.getValue("type") instanceof String type) {
      json.put("type", new JsonArray().add(type).add("null"));
      // An enum refuses every value it does not list, whatever the type allows.
      if (json.getValue("enum") instanceof JsonArray values) {
        json.put("enum", values.copy().addNull());
      }
    }
    String text = describedAs();
    if (text != null) {
      json.put("description", text);
    }
    return json;
  }

  /** What the schema's {@code description} says: the declared text, or null. */
  String describedAs() {
    return description;
  }
}
