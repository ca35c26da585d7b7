package dev.brisk.imports;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One valid line of an NDJSON import, as its line schema validated it.
 * {@code new ImportLine(3, new JsonObject().put("sku", "A-1"))}
 *
 * @param number the 1-based line number in the body, the {@code n} of {@code /lines/<n>}
 * @param value the line's members, converted by the schema
 */
public record ImportLine(long number, JsonObject value) {

  /** Checks the number (at least 1) and the value. */
  public ImportLine {
    if (number < 1) {
      throw new IllegalArgumentException("number must be >= 1, was " + number);
    }
    Objects.requireNonNull(value, "value");
  }
}
