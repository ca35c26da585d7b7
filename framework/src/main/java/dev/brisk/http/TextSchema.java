package dev.brisk.http;

import dev.brisk.fields.FieldType;
import io.vertx.core.json.JsonObject;

/** Text of bounded length without control characters, as {@link Validation#optionalString}. */
final class TextSchema extends SchemaNode implements BodySchema.Text {

  private final int minLength;
  private final int maxLength;
  private final boolean nonBlank;
  private final boolean multiLine;

  private TextSchema(int minLength, int maxLength, boolean nonBlank, boolean multiLine,
      String description, boolean nullable) {
    super(description, nullable);
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.nonBlank = nonBlank;
    this.multiLine = multiLine;
  }

  static TextSchema of(int minLength, int maxLength) {
    if (minLength < 0 || maxLength < minLength) {
      throw new IllegalArgumentException("lengths must be 0 <= minLength <= maxLength, were "
          + minLength + " and " + maxLength);
    }
    return new TextSchema(minLength, maxLength, false, false, null, false);
  }

  @Override
  Object check(Object value, String pointer, String name, Validation v) {
    String s = v.string(value, pointer, name);
    if (s == null) {
      return null;
    }
    s = v.text(s, pointer, name, minLength, maxLength, multiLine);
    if (s != null && nonBlank && s.isBlank()) {
      // A name of spaces only names nothing.
      v.error(pointer, name + " must not be blank");
      return null;
    }
    return s;
  }

  @Override
  boolean binds(FieldType type) {
    return type == FieldType.TEXT;
  }

  @Override
  JsonObject schema() {
    return new JsonObject().put("type", "string").put("minLength", minLength)
        .put("maxLength", maxLength)
        .put("pattern", Validation.textPattern(multiLine
            ? Validation.C0_CONTROLS_BUT_LINE_BREAKS : Validation.C0_CONTROLS, nonBlank));
  }

  @Override
  public Text nonBlank() {
    return new TextSchema(minLength, maxLength, true, multiLine, description, nullable);
  }

  @Override
  public Text multiLine() {
    return new TextSchema(minLength, maxLength, nonBlank, true, description, nullable);
  }

  @Override
  public Text withDescription(String text) {
    return new TextSchema(minLength, maxLength, nonBlank, multiLine, text, nullable);
  }

  @Override
  public Text nullable() {
    return new TextSchema(minLength, maxLength, nonBlank, multiLine, description, true);
  }
}
