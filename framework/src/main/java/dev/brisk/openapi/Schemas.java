package dev.brisk.openapi;

import dev.brisk.fields.Cardinality;
import dev.brisk.fields.Embed;
import dev.brisk.fields.Field;
import dev.brisk.fields.FieldType;
import dev.brisk.fields.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The component schemas of one description: one per {@link Resource} reached from the routes
 * (embeds as {@code $ref}, so resources that embed each other terminate), the page and the
 * problem. Used by one generator run on the caller's thread.
 */
final class Schemas {

  static final String PAGE = "Page";
  static final String PROBLEM = "Problem";
  private static final String PREFIX = "#/components/schemas/";

  private final Map<Resource, String> names = new IdentityHashMap<>();
  private final JsonObject schemas = new JsonObject();

  /** A {@code $ref} to {@code resource}'s schema, declaring it (and its embeds) on first use. */
  JsonObject ref(Resource resource) {
    return ref(name(resource));
  }

  static JsonObject ref(String component) {
    return new JsonObject().put("$ref", PREFIX + component);
  }

  /** The list envelope of {@code resource}: {@code data} and {@code page}. */
  JsonObject page(Resource resource) {
    return new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("data").add("page"))
        .put("properties", new JsonObject()
            .put("data", new JsonObject().put("type", "array").put("items", ref(resource)))
            .put("page", ref(PAGE)));
  }

  /** Every schema declared so far, with the page and the problem. */
  JsonObject components() {
    JsonObject all = schemas.copy();
    all.put(PAGE, pageSchema()).put(PROBLEM, problemSchema());
    return all;
  }

  private String name(Resource resource) {
    String known = names.get(resource);
    if (known != null) {
      return known;
    }
    String name = resource.name();
    for (int n = 2; schemas.containsKey(name) || name.equals(PAGE) || name.equals(PROBLEM); n++) {
      name = resource.name() + "_" + n;
    }
    // Named before its embeds are walked: a resource reached again is only referenced.
    names.put(resource, name);
    schemas.put(name, new JsonObject());
    schemas.put(name, resourceSchema(resource));
    return name;
  }

  private JsonObject resourceSchema(Resource resource) {
    JsonObject properties = new JsonObject();
    StringJoiner defaults = new StringJoiner(", ");
    for (Field field : resource.fields()) {
      properties.put(field.name(), of(field.type()));
      if (field.isDefault()) {
        defaults.add(field.name());
      }
    }
    for (Embed embed : resource.embeds()) {
      JsonObject target = ref(embed.target());
      if (embed.cardinality() == Cardinality.MANY) {
        properties.put(embed.name(), new JsonObject().put("type", "array").put("items", target));
        properties.put(embed.name() + "_has_more", new JsonObject().put("type", "boolean")
            .put("description", "Present and true when " + embed.name()
                + " was capped: more rows exist than the embed shows"));
      } else {
        properties.put(embed.name(), target);
      }
      if (embed.isDefault()) {
        defaults.add(embed.name());
      }
    }
    // No "required": with ?fields= a response holds exactly the selected members.
    return new JsonObject().put("type", "object").put("properties", properties)
        .put("description", article(resource.name()) + " " + resource.name()
            + ". Without ?fields= the default "
            + "representation is sent, with every one of its members: " + defaults + ". With "
            + "?fields= exactly the selected members are sent, so no member is required.");
  }

  /** "An" before a name that starts with a vowel sound (order, event, item), else "A". */
  private static String article(String name) {
    return !name.isEmpty() && "aeioAEIO".indexOf(name.charAt(0)) >= 0 ? "An" : "A";
  }

  /** The JSON Schema of a field's JSON value. */
  static JsonObject of(FieldType type) {
    return switch (type) {
      case LONG -> new JsonObject().put("type", "integer").put("format", "int64");
      case INT -> new JsonObject().put("type", "integer").put("format", "int32");
      case DOUBLE -> new JsonObject().put("type", "number").put("format", "double");
      case NUMERIC -> new JsonObject().put("type", "number");
      case TEXT -> new JsonObject().put("type", "string");
      case BOOL -> new JsonObject().put("type", "boolean");
      case TIMESTAMP -> new JsonObject().put("type", "string").put("format", "date-time");
      case DATE -> new JsonObject().put("type", "string").put("format", "date");
      case UUID -> new JsonObject().put("type", "string").put("format", "uuid");
      case JSON -> new JsonObject().put("description", "Any JSON value");
    };
  }

  private static JsonObject pageSchema() {
    JsonObject cursor = new JsonObject().put("type", new JsonArray().add("string").add("null"))
        .put("description", "Opaque, signed; bound to the filters and sort it was minted for");
    return new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("limit").add("has_more"))
        .put("properties", new JsonObject()
            .put("limit", new JsonObject().put("type", "integer"))
            .put("next_cursor", cursor)
            .put("prev_cursor", cursor.copy())
            .put("has_more", new JsonObject().put("type", "boolean")));
  }

  private static JsonObject problemSchema() {
    JsonObject string = new JsonObject().put("type", "string");
    JsonObject error = new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("pointer").add("detail"))
        .put("properties", new JsonObject().put("pointer", string.copy())
            .put("detail", string.copy()));
    return new JsonObject().put("type", "object")
        .put("description", "RFC 9457 problem details; every type is listed in the "
            + "framework's docs/problems.md")
        .put("required", new JsonArray().add("type").add("title").add("status").add("detail"))
        .put("properties", new JsonObject()
            .put("type", string.copy().put("format", "uri"))
            .put("title", string.copy())
            .put("status", new JsonObject().put("type", "integer"))
            .put("detail", string.copy())
            .put("errors", new JsonObject().put("type", "array").put("items", error)));
  }
}
