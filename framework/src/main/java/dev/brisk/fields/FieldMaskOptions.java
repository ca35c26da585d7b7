package dev.brisk.fields;

/**
 * Limits applied when parsing a {@code fields} expression.
 *
 * <p>{@code FieldMask.parse(PRODUCT, expr, FieldMaskOptions.defaults().withMaxDepth(3))}
 *
 * @param maxDepth how many embed levels an expression may open ({@code a(b(c))} opens 2); 0
 *     forbids sub-selections
 * @param maxBytes the longest accepted expression, in UTF-8 bytes
 */
public record FieldMaskOptions(int maxDepth, int maxBytes) {
  /** Validates the limits. */
  public FieldMaskOptions {
    if (maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth must be >= 0, was " + maxDepth);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
    }
  }

  /** Depth 5, 2 KiB. */
  public static FieldMaskOptions defaults() {
    return new FieldMaskOptions(5, 2048);
  }

  /** A copy with another depth limit. */
  public FieldMaskOptions withMaxDepth(int depth) {
    return new FieldMaskOptions(depth, maxBytes);
  }

  /** A copy with another length limit. */
  public FieldMaskOptions withMaxBytes(int bytes) {
    return new FieldMaskOptions(maxDepth, bytes);
  }
}
