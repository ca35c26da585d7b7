package dev.brisk.http;

import dev.brisk.fields.FieldType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An integer, a boolean, a string from a list, a date, a date-time, a UUID, or any value.
 */
final class ScalarSchema extends SchemaNode {

  private enum Kind { INTEGER, BOOLEAN, ONE_OF, DATE, TIMESTAMP, UUID, ANY }

  static final ScalarSchema DATE = new ScalarSchema(Kind.DATE, 0, 0, List.of(), null, false);
  static final ScalarSchema TIMESTAMP = new ScalarSchema(Kind.TIMESTAMP, 0, 0, List.of(), null,
      false);
  static final ScalarSchema BOOLEAN = new ScalarSchema(Kind.BOOLEAN, 0, 0, List.of(), null,
      false);
  static final ScalarSchema UUID = new ScalarSchema(Kind.UUID, 0, 0, List.of(), null, false);
  static final ScalarSchema ANY = new ScalarSchema(Kind.ANY, 0, 0, List.of(), null, false);

  private final Kind kind;
  private final long min;
  private final long max;
  private final List<String> values;

  private ScalarSchema(Kind kind, long min, long max, List<String> values, String description,
      boolean nullable) {
    super(description, nullable);
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.values = values;
  }

  static ScalarSchema integer(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min must be <= max, was " + min + " > " + max);
    }
    return new ScalarSchema(Kind.INTEGER, min, max, List.of(), null, false);
  }

  static ScalarSchema oneOf(List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("oneOf needs at least one value");
    }
    return new ScalarSchema(Kind.ONE_OF, 0, 0, List.copyOf(values), null, false);
  }

  private boolean fitsInt() {
    return min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE;
  }

  @Override
  Object check(Object value, String pointer, String name, Validation v) {
    return switch (kind) {
      case INTEGER -> {
        Long n = v.integer(value, pointer, name, min, max);
        yield n == null || !fitsInt() ? n : (Object) n.intValue();
      }
      case BOOLEAN -> v.bool(value, pointer, name);
      case ONE_OF -> {
        String s = v.string(value, pointer, name);
        yield s == null ? null : v.oneOf(s, pointer, name, values);
      }
      case DATE -> {
        String s = v.string(value, pointer, name);
        yield s == null || v.date(s, pointer, name) == null ? null : s;
      }
      case TIMESTAMP -> {
        String s = v.string(value, pointer, name);
        yield s == null || v.timestamp(s, pointer, name) == null ? null : s;
      }
      case UUID -> {
        String s = v.string(value, pointer, name);
        yield s == null || !v.uuid(s, pointer, name) ? null : s;
      }
      case ANY -> value;
    };
  }

  @Override
  boolean binds(FieldType type) {
    return switch (kind) {
      case INTEGER -> type == FieldType.LONG || type == FieldType.NUMERIC
          || type == FieldType.DOUBLE || type == FieldType.INT && fitsInt();
      case BOOLEAN -> type == FieldType.BOOL;
      case ONE_OF -> type == FieldType.TEXT;
      case DATE -> type == FieldType.DATE;
      case TIMESTAMP -> type == FieldType.TIMESTAMP;
      case UUID -> type == FieldType.UUID;
      case ANY -> type == FieldType.JSON;
    };
  }

  @Override
  JsonObject schema() {
    return switch (kind) {
      case INTEGER -> {
        JsonObject json = new JsonObject().put("type", "integer");
        if (!fitsInt()) {
          json.put("format", "int64");
        }
        if (min > Long.MIN_VALUE) {
          json.put("minimum", min);
        }
        if (max < Long.MAX_VALUE) {
          json.put("maximum", max);
        }
        yield json;
      }
      case BOOLEAN -> new JsonObject().put("type", "boolean");
      case ONE_OF -> new JsonObject().put("type", "string").put("enum", new JsonArray(values));
      case DATE -> new JsonObject().put("type", "string").put("format", "date");
      case TIMESTAMP -> new JsonObject().put("type", "string").put("format", "date-time");
      case UUID -> new JsonObject().put("type", "string").put("format", "uuid");
      case ANY -> new JsonObject();
    };
  }

  @Override
  public BodySchema withDescription(String text) {
    return new ScalarSchema(kind, min, max, values, text, nullable);
  }

  @Override
  public BodySchema nullable() {
    return new ScalarSchema(kind, min, max, values, description, true);
  }
}
