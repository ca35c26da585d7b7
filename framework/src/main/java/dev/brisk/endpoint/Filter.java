package dev.brisk.endpoint;

import dev.brisk.db.Where;
import dev.brisk.fields.Field;
import dev.brisk.fields.FieldType;
import dev.brisk.http.Requests;
import dev.brisk.http.Validation;
import dev.brisk.internal.Echo;
import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One list filter of a {@link ResourceEndpoint}, declared once by its query parameter name and the
 * resource field it reads. The value it parses is both the SQL condition's parameter and what the
 * page cursor is bound to, so the two can never disagree.
 *
 * <p>{@code Filter.id("category_id")}, {@code Filter.atLeast("min_price_cents", "price_cents")},
 * {@code Filter.atLeast("published_from", "published_on")} (a {@code DATE} field),
 * {@code Filter.equalTo("active", "active")} (a {@code BOOL} field),
 * {@code Filter.prefix("q", "name").ignoringCase()}, {@code Filter.oneOf("status", "status",
 * List.of("paid", "shipped"))}
 *
 * <p>Invalid values are 400 {@code invalid-parameter} problems naming the parameter. Immutable and
 * thread-safe.
 */
public final class Filter {

  /** The longest text a text filter accepts unless {@link #withMaxLength} says otherwise. */
  public static final int DEFAULT_MAX_LENGTH = 100;
  private static final int MAX_ECHO = 40;
  /** What {@link Character#isISOControl} refuses, as a regex class body. */
  private static final String CONTROLS = Validation.C0_CONTROLS + "\\u007F-\\u009F";

  /**
   * What a filter compares, named in messages as the factory that declares it, and the types of
   * the fields it reads.
   */
  enum Kind {
    ID("Filter.id", FieldType.LONG, FieldType.INT, FieldType.UUID),
    EQUAL_TO("Filter.equalTo", FieldType.LONG, FieldType.INT, FieldType.NUMERIC, FieldType.BOOL,
        FieldType.DATE, FieldType.TIMESTAMP),
    AT_LEAST("Filter.atLeast", FieldType.LONG, FieldType.INT, FieldType.NUMERIC, FieldType.DATE,
        FieldType.TIMESTAMP),
    AT_MOST("Filter.atMost", FieldType.LONG, FieldType.INT, FieldType.NUMERIC, FieldType.DATE,
        FieldType.TIMESTAMP),
    TEXT("Filter.text", FieldType.TEXT), PREFIX("Filter.prefix", FieldType.TEXT),
    ONE_OF("Filter.oneOf", FieldType.TEXT);

    private final String factory;
    private final List<FieldType> types;

    Kind(String factory, FieldType... types) {
      this.factory = factory;
      this.types = List.of(types);
    }

    @Override
    public String toString() {
      return factory;
    }
  }

  private final String name;
  private final String field;
  private final Kind kind;
  private final boolean ignoreCase;
  private final int maxLength;
  private final List<String> values;
  private final String description;

  private Filter(String name, String field, Kind kind, boolean ignoreCase, int maxLength,
      List<String> values, String description) {
    this.name = requireName(name);
    this.field = Objects.requireNonNull(field, "field");
    this.kind = kind;
    this.ignoreCase = ignoreCase;
    this.maxLength = maxLength;
    this.values = List.copyOf(values);
    this.description = description;
  }

  private static Filter of(String name, String field, Kind kind) {
    return new Filter(name, field, kind, false, DEFAULT_MAX_LENGTH, List.of(), null);
  }

  /** {@code name=<id>} matches rows whose field {@code name} equals it; values as below. */
  public static Filter id(String name) {
    return id(name, name);
  }

  /**
   * {@code name=<id>} matches rows whose {@code field} equals it: a positive integer for a
   * {@code LONG} or {@code INT} field, a UUID ({@code 123e4567-e89b-12d3-a456-426614174000},
   * hex in either case) for a {@code UUID} field.
   */
  public static Filter id(String name, String field) {
    return of(name, field, Kind.ID);
  }

  /**
   * {@code name=<v>} matches rows whose {@code field} equals v: {@code true} or {@code false}
   * for a {@code BOOL} field, any integer of the column's range ({@code -5} too) for a
   * {@code LONG} or {@code INT} field, otherwise values as {@link #atLeast}.
   */
  public static Filter equalTo(String name, String field) {
    return of(name, field, Kind.EQUAL_TO);
  }

  /**
   * {@code name=<n>} matches rows whose {@code field} is at least n: a non-negative integer for
   * a {@code LONG} or {@code INT} field, a decimal ({@code 4.5}, {@code -0.25}; no exponent, at
   * most 40 characters) for a {@code NUMERIC} field, a date ({@code 2024-01-31}) for a
   * {@code DATE} field, an RFC 3339 date-time ({@code 2024-01-31T09:30:00Z}) for a
   * {@code TIMESTAMP} field.
   */
  public static Filter atLeast(String name, String field) {
    return of(name, field, Kind.AT_LEAST);
  }

  /** {@code name=<n>} matches rows whose {@code field} is at most n; values as {@link #atLeast}. */
  public static Filter atMost(String name, String field) {
    return of(name, field, Kind.AT_MOST);
  }

  /** {@code name=<text>} matches rows whose text {@code field} equals it. */
  public static Filter text(String name, String field) {
    return of(name, field, Kind.TEXT);
  }

  /**
   * {@code name=<text>} matches rows whose text {@code field} starts with it, taken literally
   * ({@code %} and {@code _} match themselves); a {@code text_pattern_ops} index serves it.
   */
  public static Filter prefix(String name, String field) {
    return of(name, field, Kind.PREFIX);
  }

  /** {@code name=<one of values>} matches rows whose text {@code field} equals it. */
  public static Filter oneOf(String name, String field, List<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("filter " + name + " needs at least one value");
    }
    return new Filter(name, field, Kind.ONE_OF, false, DEFAULT_MAX_LENGTH, values, null);
  }

  /**
   * A text or prefix filter comparing lowercased: the value is lowercased and the field read as
   * {@code lower(<field sql>)} (index that expression).
   */
  public Filter ignoringCase() {
    requireText("ignoringCase");
    return new Filter(name, field, kind, true, maxLength, values, description);
  }

  /** A text or prefix filter accepting values of up to {@code chars} characters (default 100). */
  public Filter withMaxLength(int chars) {
    requireText("withMaxLength");
    if (chars < 1) {
      throw new IllegalArgumentException("maxLength must be >= 1, was " + chars);
    }
    return new Filter(name, field, kind, ignoreCase, chars, values, description);
  }

  /** This filter described in the generated API description by {@code text}. */
  public Filter withDescription(String text) {
    return new Filter(name, field, kind, ignoreCase, maxLength, values, text);
  }

  /** The query parameter name. */
  public String name() {
    return name;
  }

  /** The name of the resource field it reads. */
  public String field() {
    return field;
  }

  /**
   * Checks the field it reads has a type this filter can compare; the message names the filters
   * that do compare that type.
   */
  void check(String resource, Field declared) {
    if (declared == null) {
      throw new IllegalArgumentException("filter " + name + " reads field '" + field
          + "', which resource " + resource + " does not declare");
    }
    FieldType type = declared.type();
    if (!kind.types.contains(type)) {
      List<String> fitting = Arrays.stream(Kind.values()).filter(k -> k.types.contains(type))
          .map(Kind::toString).toList();
      throw new IllegalArgumentException("filter " + name + " (" + kind + ") cannot read "
          + resource + "." + field + " of type " + type + "; it compares "
          + String.join(", ", kind.types.stream().map(FieldType::name).toList()) + " fields"
          + (fitting.isEmpty() ? "; no filter reads a " + type + " field"
          : "; a " + type + " field takes " + String.join(", ", fitting)));
    }
  }

  /**
   * The value this request gives for a field of {@code type} (its canonical form, in the Java
   * type the column binds), or null when absent; 400 when invalid.
   */
  Object read(MultiMap query, FieldType type) {
    String raw = Requests.single(query, name);
    if (raw == null) {
      return null;
    }
    return switch (kind) {
      case TEXT, PREFIX, ONE_OF -> text(raw);
      default -> FilterValues.parse(name, raw, type, minimum());
    };
  }

  private String text(String raw) {
    if (kind == Kind.ONE_OF) {
      if (!values.contains(raw)) {
        throw Problem.invalidParameter(name, name + " must be one of " + String.join(", ", values)
            + ", was '" + clip(raw) + "'");
      }
      return raw;
    }
    // Characters are code points, as JSON Schema's maxLength counts them.
    if (raw.isBlank() || raw.codePointCount(0, raw.length()) > maxLength) {
      throw Problem.invalidParameter(name, name + " must be 1 to " + maxLength + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw Problem.invalidParameter(name, name + " must not contain control characters");
      }
    }
    return ignoreCase ? raw.toLowerCase(Locale.ROOT) : raw;
  }

  /** Adds the condition on {@code sql} (the field's SQL) for a non-null {@code value}. */
  void apply(Where where, String sql, Object value) {
    String column = ignoreCase ? "lower(" + sql + ")" : sql;
    switch (kind) {
      case AT_LEAST -> where.and(column + " >= ?", value);
      case AT_MOST -> where.and(column + " <= ?", value);
      case PREFIX -> where.startsWith(column, (String) value);
      default -> where.and(column + " = ?", value);
    }
  }

  /** The value's JSON Schema, for a field of {@code type}, for the generated API description. */
  JsonObject schema(FieldType type) {
    return switch (kind) {
      case TEXT, PREFIX -> new JsonObject().put("type", "string").put("minLength", 1)
          .put("maxLength", maxLength).put("pattern", Validation.textPattern(CONTROLS, true));
      case ONE_OF -> new JsonObject().put("type", "string").put("enum", new JsonArray(values));
      default -> FilterValues.schema(type, minimum());
    };
  }

  /** The least integer an id accepts (1), a bound (0), or an equality (any). */
  private long minimum() {
    return switch (kind) {
      case ID -> 1;
      case EQUAL_TO -> Long.MIN_VALUE;
      default -> 0;
    };
  }

  /** The description for the generated API description (declared, else derived). */
  String description() {
    if (description != null) {
      return description;
    }
    String how = switch (kind) {
      case ID, EQUAL_TO, TEXT, ONE_OF -> "equals";
      case AT_LEAST -> "is at least";
      case AT_MOST -> "is at most";
      case PREFIX -> "starts with";
    };
    return "Only rows whose " + field + " " + how + " this value"
        + (ignoreCase ? " (ignoring case)" : "") + ".";
  }

  private void requireText(String option) {
    if (kind != Kind.TEXT && kind != Kind.PREFIX) {
      throw new IllegalArgumentException(option + " applies to text and prefix filters, not "
          + name + " (" + kind + ")");
    }
  }

  private static String requireName(String name) {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("filter name must be snake_case, was '" + name + "'");
    }
    return name;
  }

  private static String clip(String raw) {
    return Echo.clip(raw, MAX_ECHO);
  }

  @Override
  public String toString() {
    return "Filter(" + name + " " + kind + " " + field + ")";
  }
}
