package dev.brisk.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A decoded page cursor: a position between two rows of one sort, for one filter set. Internal.
 *
 * <p>{@code NEXT} reads rows after the key, {@code PREV} rows before it, in sort order. An
 * inclusive cursor also reads the row equal to the key; it is minted only for empty pages, so that
 * turning around returns to the same gap between rows.
 *
 * @param direction which way the cursor reads
 * @param inclusive whether the row at the key itself is included
 * @param keys one value per sort column, nulls allowed
 * @param filterHash hash of the sort name and filters the cursor was minted for
 * @param issuedAtSeconds issue time, epoch seconds
 */
record Cursor(Direction direction, boolean inclusive, List<Object> keys, long filterHash,
    long issuedAtSeconds) {

  /** The direction a cursor reads in. */
  enum Direction { NEXT, PREV }

  Cursor {
    keys = Collections.unmodifiableList(new ArrayList<>(keys));
  }

  boolean isBackward() {
    return direction == Direction.PREV;
  }

  /** The same gap between rows, read the other way. */
  Cursor turned(long nowSeconds) {
    Direction other = isBackward() ? Direction.NEXT : Direction.PREV;
    return new Cursor(other, !inclusive, keys, filterHash, nowSeconds);
  }
}
