package dev.brisk.http;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * One declaration of a JSON request body that both checks it and describes it: {@link
 * ObjectSchema#validate} applies the rules of {@link Validation} (same details, same pointers,
 * every error in one 422) and {@link #toJson} is the JSON Schema that
 * {@link OperationDoc#withRequestBody(BodySchema)} puts in the API description, so the two cannot
 * drift apart. The same object serves a create and, through {@link ObjectSchema#mergePatch}, a
 * JSON merge patch (RFC 7396) of it.
 *
 * <pre>{@code
 * static final BodySchema.ObjectSchema BOOK = BodySchema.object()
 *     .required("title", BodySchema.text(1, 200).nonBlank())
 *     .optional("pages", BodySchema.integer(1, 10_000));
 * JsonObject valid = BOOK.validate(body);                 // or BOOK.mergePatch().validate(patch)
 * }</pre>
 *
 * <p>Schemas are immutable and thread-safe; each option returns a copy. Numbers and text are read
 * as {@link Validation} reads them: integers exactly (no fraction, nothing past 2^53 written with
 * one, no non-finite number), text as valid Unicode without C0 control characters, lengths in
 * characters (code points).
 */
public sealed interface BodySchema permits BodySchema.Text, BodySchema.ObjectSchema, SchemaNode {

  /**
   * An integer from {@code min} to {@code max} ({@code Long.MAX_VALUE}: no upper bound); valid, it
   * is an {@code Integer} when the range fits one, else a {@code Long}.
   */
  static BodySchema integer(long min, long max) {
    return ScalarSchema.integer(min, max);
  }

  /**
   * Single-line text of {@code minLength} to {@code maxLength} characters: no C0 control
   * character, no unpaired surrogate.
   */
  static Text text(int minLength, int maxLength) {
    return TextSchema.of(minLength, maxLength);
  }

  /**
   * A decimal number from {@code min} to {@code max} with at most {@code maxScale} digits after
   * the point, such as a {@code numeric(10,2)} price: {@code decimal("0", "99999999.99", 2)}. A
   * JSON number only (a string is refused), read exactly: valid, it is a {@link
   * java.math.BigDecimal} without trailing zeros, which binds as the column's value; a number
   * with more than 15 significant digits is refused, as JSON numbers with a fraction are decoded
   * as doubles and may no longer be the number sent. Described as a {@code number} with
   * {@code minimum}, {@code maximum} and {@code multipleOf}.
   *
   * @throws IllegalArgumentException when a bound is not a plain decimal, {@code min > max}, or
   *     {@code maxScale} is not 0 to 15
   */
  static BodySchema decimal(String min, String max, int maxScale) {
    return DecimalSchema.of(min, max, maxScale);
  }

  /** {@code true} or {@code false}, as {@link Validation#optionalBoolean} reads it. */
  static BodySchema bool() {
    return ScalarSchema.BOOLEAN;
  }

  /** A string that is one of {@code values} (a JSON Schema {@code enum}). */
  static BodySchema oneOf(String... values) {
    return ScalarSchema.oneOf(List.of(values));
  }

  /**
   * A string that is one of {@code values}, in their iteration order: the list a
   * {@code Filter.oneOf} of the same field takes.
   */
  static BodySchema oneOf(Collection<String> values) {
    return ScalarSchema.oneOf(List.copyOf(values));
  }

  /**
   * A date written as {@code 2024-01-31}, as {@link Validation#requiredDate} reads it; the valid
   * body keeps the string, so bind {@code LocalDate.parse(...)} (the driver refuses a string for
   * a {@code date} parameter).
   */
  static BodySchema date() {
    return ScalarSchema.DATE;
  }

  /**
   * An RFC 3339 date-time with its offset, such as {@code 2024-01-31T09:30:00Z} or
   * {@code 2024-01-31T10:30:00+01:00} (a timestamp filter reads the same); the valid body keeps
   * the string, which {@link Assignments} binds as the instant in UTC, for a {@code TIMESTAMP}
   * field ({@code timestamptz}). By hand, bind {@code OffsetDateTime.parse(...)}.
   */
  static BodySchema timestamp() {
    return ScalarSchema.TIMESTAMP;
  }

  /**
   * A UUID written as 8-4-4-4-12 hex digits in either case; the valid body keeps the string, so
   * bind {@code UUID.fromString(...)} (the driver refuses a string for a {@code uuid} parameter).
   */
  static BodySchema uuid() {
    return ScalarSchema.UUID;
  }

  /** Any JSON value, taken as it is (a member the handler ignores or checks itself). */
  static BodySchema any() {
    return ScalarSchema.ANY;
  }

  /** An array of 1 to {@code maxItems} values, each valid for {@code items}. */
  static BodySchema array(BodySchema items, int maxItems) {
    return new ArraySchema((SchemaNode) items, maxItems, null, false);
  }

  /** An object with no members yet, refusing members it does not declare. */
  static ObjectSchema object() {
    return ObjectNode.EMPTY;
  }

  /** A copy whose description says {@code text}. */
  BodySchema withDescription(String text);

  /**
   * A copy that takes {@code null} as a value: kept as null when valid, and in a merge patch the
   * way to remove the member. Without it a merge patch's null is refused.
   */
  BodySchema nullable();

  /** The JSON Schema (as OpenAPI 3.1 uses it) stating what validation checks; a fresh copy. */
  JsonObject toJson();

  /** Text, with options of its own. */
  sealed interface Text extends BodySchema permits TextSchema {

    /** A copy that also refuses text of white space only (and so empty text). */
    Text nonBlank();

    /** A copy that also allows line feeds, carriage returns and tabs (a note, a description). */
    Text multiLine();

    @Override
    Text withDescription(String text);

    @Override
    Text nullable();
  }

  /**
   * A JSON object of declared members, in declaration order; unknown members are refused.
   * {@code BodySchema.object().required("id", BodySchema.integer(1, Long.MAX_VALUE))}
   */
  sealed interface ObjectSchema extends BodySchema permits ObjectNode {

    /** A copy with member {@code name}, which must be present and not null unless nullable. */
    ObjectSchema required(String name, BodySchema schema);

    /** A copy with member {@code name}, which may be absent (or null, read as absent). */
    ObjectSchema optional(String name, BodySchema schema);

    /**
     * A copy that also requires {@code holds} of the valid body, a rule across {@code members}
     * (the ones it reads): {@code .rule(b -> b.getString("ends_on").compareTo(
     * b.getString("starts_on")) > 0, "ends_on must be after starts_on", "starts_on", "ends_on")}.
     * It runs only when every member is valid, on the body {@link #validate} would return, so
     * it never sees a value of the wrong type (but an optional member may be absent and a
     * nullable one null: say what that means, or it throws, a 500); when it does not hold, each
     * of {@code members} gets an error with {@code detail} at its pointer, in the same 422 as
     * member errors. In a
     * {@link #mergePatch} it runs only when the patch holds every one of {@code members}
     * (a rule on the stored row belongs in a {@code CHECK} constraint). The predicate runs on
     * the caller's thread and must neither block nor change the body; the API description
     * lists {@code detail} under "Rules".
     *
     * @throws IllegalArgumentException when {@code detail} is blank, or {@code members} is empty
     *     or names a member not declared yet
     */
    ObjectSchema rule(Predicate<JsonObject> holds, String detail, String... members);

    /**
     * A copy with only the members {@code names}, in that order (a patch of some of them), and
     * the rules that read only those.
     */
    ObjectSchema only(String... names);

    /**
     * The JSON merge patch (RFC 7396) of this object: every member optional (nested objects
     * too), a null refused ("cannot be removed") unless the member is {@link #nullable}, an
     * empty patch refused ("the patch changes nothing"), and each {@link #rule} checked when the
     * patch holds all of its members.
     */
    ObjectSchema mergePatch();

    /**
     * {@code body} checked, every error thrown as one 422 problem; else the declared members it
     * holds, in declaration order, each as its schema reads it (an integer as an {@code Integer}
     * or {@code Long}, a null kept only where nullable, an absent one absent). Pure, runs on the
     * caller's thread.
     */
    JsonObject validate(JsonObject body);

    /**
     * {@code body} checked, each error recorded in {@code validation} so that checks the schema
     * cannot state (one that depends on the caller) can add theirs before {@link
     * Validation#throwIfInvalid}; the valid body, or null when this check recorded an error.
     */
    JsonObject validate(JsonObject body, Validation validation);

    @Override
    ObjectSchema withDescription(String text);

    @Override
    ObjectSchema nullable();
  }
}
