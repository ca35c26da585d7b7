package dev.brisk.shop.products;

import dev.brisk.http.Requests;
import dev.brisk.http.Validation;
import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One valid NDJSON line of {@code POST /api/products/import}, or why a line is invalid. The
 * read-only fields of an export ({@code id}, {@code created_at}, {@code updated_at}) are ignored
 * so an export can be imported elsewhere; any other unknown field is an error.
 *
 * @param line the 1-based line number in the body
 */
record ProductImportLine(long line, String sku, String name, String description,
    long priceCents, int stock, long categoryId) {

  static final int MAX_SKU = 64;
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2000;
  /** Money is written as 0 to 10^12 cents everywhere (PATCH and import). */
  static final long MAX_PRICE_CENTS = 1_000_000_000_000L;
  private static final Set<String> FIELDS = Set.of("sku", "name", "description", "price_cents",
      "stock", "category_id");
  private static final Set<String> IGNORED = Set.of("id", "created_at", "updated_at");

  /** The outcome of parsing one line: a product or an error detail. */
  record Parsed(ProductImportLine product, String error) {
  }

  /** The JSON Schema of one line, stating what {@link #parse} checks. */
  static JsonObject schema() {
    JsonObject properties = new JsonObject()
        .put("sku", textSchema(1, MAX_SKU))
        .put("name", textSchema(1, MAX_NAME))
        .put("description", textSchema(0, MAX_DESCRIPTION))
        .put("price_cents", integerSchema(0).put("maximum", MAX_PRICE_CENTS))
        .put("stock", integerSchema(0).put("maximum", ProductPatch.MAX_STOCK))
        .put("category_id", integerSchema(1).put("format", "int64"));
    // Sorted: Set.of iterates in a per-run order, and the description's ETag must not vary.
    for (String name : IGNORED.stream().sorted().toList()) {
      properties.put(name, new JsonObject().put("description", "Ignored (an export's "
          + "read-only field)"));
    }
    return new JsonObject().put("type", "object").put("description", "One line of the body")
        .put("required", new JsonArray(FIELDS.stream().sorted().toList()))
        .put("additionalProperties", false).put("properties", properties);
  }

  /**
   * A text field's schema: its length, no C0 control character and, when it is required to hold
   * something, not blank (each refused with 422).
   */
  static JsonObject textSchema(int minLength, int maxLength) {
    return new JsonObject().put("type", "string").put("minLength", minLength)
        .put("maxLength", maxLength)
        .put("pattern", Validation.textPattern(Validation.C0_CONTROLS, minLength > 0));
  }

  private static JsonObject integerSchema(long minimum) {
    return new JsonObject().put("type", "integer").put("minimum", minimum);
  }

  /** Parses and validates line {@code line}; pure, runs on the caller's thread. */
  static Parsed parse(long line, String text) {
    Object value;
    try {
      value = Requests.json(Buffer.buffer(text));
    } catch (Problem e) {
      return new Parsed(null, "line is not valid JSON: " + e.detail());
    }
    if (!(value instanceof JsonObject json)) {
      return new Parsed(null, "line must be a JSON object");
    }
    List<String> errors = new ArrayList<>();
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name) && !IGNORED.contains(name)) {
        errors.add("unknown field '" + name + "'");
      }
    }
    String sku = text(json, "sku", 1, MAX_SKU, errors);
    String name = text(json, "name", 1, MAX_NAME, errors);
    String description = text(json, "description", 0, MAX_DESCRIPTION, errors);
    Long price = integer(json, "price_cents", 0, MAX_PRICE_CENTS, errors);
    Long stock = integer(json, "stock", 0, ProductPatch.MAX_STOCK, errors);
    Long category = integer(json, "category_id", 1, Long.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      return new Parsed(null, String.join("; ", errors));
    }
    return new Parsed(new ProductImportLine(line, sku, name, description, price,
        stock.intValue(), category), null);
  }

  private static String text(JsonObject json, String field, int min, int max,
      List<String> errors) {
    Object v = json.getValue(field);
    if (v == null) {
      // Absent or null, as the request bodies' validation words it.
      errors.add(field + " is required");
      return null;
    }
    // Characters are code points, as for PATCH and the line's JSON Schema (maxLength).
    int length = v instanceof String s ? s.codePointCount(0, s.length()) : -1;
    if (!(v instanceof String s) || length < min || length > max
        || (min > 0 && s.isBlank())) {
      errors.add(field + " must be a " + (min > 0 ? "non-blank " : "") + "string of at most "
          + max + " characters");
      return null;
    }
    int surrogate = Validation.unpairedSurrogateAt(s);
    if (surrogate >= 0) {
      errors.add(field + " must be valid Unicode text, found the unpaired surrogate "
          + Validation.codePoint(s.charAt(surrogate)) + " at index " + surrogate);
      return null;
    }
    int control = Validation.controlAt(s);
    if (control >= 0) {
      errors.add(field + " must not contain control characters, found "
          + Validation.codePoint(s.charAt(control)) + " at index " + control);
      return null;
    }
    return s;
  }

  /** An integer in {@code [min, max]}, read as PATCH reads it ({@link Validation#exactInteger}). */
  private static Long integer(JsonObject json, String field, long min, long max,
      List<String> errors) {
    if (json.getValue(field) == null) {
      errors.add(field + " is required");
      return null;
    }
    BigInteger value = Validation.exactInteger(json.getValue(field));
    if (value != null && value.compareTo(BigInteger.valueOf(min)) >= 0
        && value.compareTo(BigInteger.valueOf(max)) <= 0) {
      return value.longValue();
    }
    errors.add(field + " must be an integer from " + min + " to " + max);
    return null;
  }
}
