package dev.brisk.http;

import dev.brisk.fields.FieldType;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** A decimal number within bounds and a scale, read exactly ({@link BodySchema#decimal}). */
final class DecimalSchema extends SchemaNode {

  /** The significant digits a double keeps for every decimal written with as many. */
  static final int MAX_PRECISION = 15;
  private static final Pattern PLAIN = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,15})?");

  private final BigDecimal min;
  private final BigDecimal max;
  private final int maxScale;

  private DecimalSchema(BigDecimal min, BigDecimal max, int maxScale, String description,
      boolean nullable) {
    super(description, nullable);
    this.min = min;
    this.max = max;
    this.maxScale = maxScale;
  }

  static DecimalSchema of(String min, String max, int maxScale) {
    BigDecimal low = bound("min", min);
    BigDecimal high = bound("max", max);
    if (low.compareTo(high) > 0) {
      throw new IllegalArgumentException("min must be <= max, was " + min + " > " + max);
    }
    if (maxScale < 0 || maxScale > MAX_PRECISION) {
      throw new IllegalArgumentException("maxScale must be 0 to " + MAX_PRECISION + ", was "
          + maxScale);
    }
    return new DecimalSchema(low, high, maxScale, null, false);
  }

  private static BigDecimal bound(String name, String text) {
    if (text == null || !PLAIN.matcher(text).matches()) {
      throw new IllegalArgumentException(name + " must be a plain decimal such as 99999999.99, "
          + "was " + text);
    }
    return new BigDecimal(text).stripTrailingZeros();
  }

  @Override
  Object check(Object value, String pointer, String name, Validation v) {
    BigDecimal d = v.decimal(value, pointer, name);
    if (d == null) {
      return null;
    }
    if (d.stripTrailingZeros().precision() > MAX_PRECISION) {
      v.error(pointer, name + " must have at most " + MAX_PRECISION + " significant digits, was "
          + Validation.describe(value));
      return null;
    }
    if (d.scale() > maxScale) {
      v.error(pointer, name + " must have at most " + maxScale + " digits after the point, was "
          + d.toPlainString());
      return null;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      v.error(pointer, name + " must be between " + min.toPlainString() + " and "
          + max.toPlainString() + ", was " + d.toPlainString());
      return null;
    }
    return d;
  }

  @Override
  boolean binds(FieldType type) {
    return type == FieldType.NUMERIC;
  }

  @Override
  JsonObject schema() {
    return new JsonObject().put("type", "number").put("minimum", min).put("maximum", max)
        .put("multipleOf", BigDecimal.ONE.movePointLeft(maxScale));
  }

  @Override
  public BodySchema withDescription(String text) {
    return new DecimalSchema(min, max, maxScale, text, nullable);
  }

  @Override
  public BodySchema nullable() {
    return new DecimalSchema(min, max, maxScale, description, true);
  }
}
