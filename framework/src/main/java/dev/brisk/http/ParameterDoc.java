package dev.brisk.http;

import dev.brisk.fields.Embed;
import dev.brisk.fields.Field;
import dev.brisk.fields.Resource;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One path, query or header parameter in the generated API description, or a response header;
 * which one is where the {@link OperationDoc} lists it ({@code withPath}, {@code withQuery},
 * {@code withHeaders} or {@code withResponseHeaders}).
 *
 * <p>{@code ParameterDoc.optional("If-Match", new JsonObject().put("type", "string"), "An ETag")}
 *
 * @param name the parameter's name (a header's as it is sent, such as {@code If-Match})
 * @param schema its JSON Schema (2020-12, as OpenAPI 3.1 uses), such as {@code {"type":"integer"}}
 * @param required whether a request must carry it (a response header: whether it is always sent;
 *     a path parameter always is)
 * @param description what it does, or {@code null}
 */
public record ParameterDoc(String name, JsonObject schema, boolean required, String description) {

  public ParameterDoc {
    Objects.requireNonNull(name, "name");
    schema = schema == null ? new JsonObject() : schema.copy();
  }

  /** An optional parameter. */
  public static ParameterDoc optional(String name, JsonObject schema, String description) {
    return new ParameterDoc(name, schema, false, description);
  }

  /** A parameter every request must carry. */
  public static ParameterDoc required(String name, JsonObject schema, String description) {
    return new ParameterDoc(name, schema, true, description);
  }

  /**
   * The {@code fields} query parameter of a route that reads it with
   * {@code FieldMask.parse(resource, Requests.single(ctx, "fields"))}, naming what may be
   * selected, as a resource endpoint documents its own:
   * {@code doc.withQuery(ParameterDoc.fields(CLASS))}.
   */
  public static ParameterDoc fields(Resource resource) {
    List<String> fields = resource.fields().stream().map(Field::name).toList();
    List<String> embeds = resource.embeds().stream().map(Embed::name).toList();
    String text = "Comma-separated fields to return (default: the default representation). "
        + "Fields: " + String.join(", ", fields) + "."
        + (embeds.isEmpty() ? "" : " Embeds, with their own fields in parentheses: "
            + String.join(", ", embeds) + ".");
    return optional("fields", new JsonObject().put("type", "string"), text);
  }
}
