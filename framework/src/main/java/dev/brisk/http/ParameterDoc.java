package dev.brisk.http;

import io.vertx.core.json.JsonObject;
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
}
