package dev.brisk.page;

import java.util.Objects;

/**
 * One validated page request: the sort, the page size and the verified cursor (if any), as
 * produced by {@link Pager#parse}. Immutable and thread-safe.
 *
 * <p>{@code KeysetSql k = pager.parse(ctx.queryParams(), sort, filters).sql(filterParams + 1);}
 */
public final class PageRequest {

  private final Sort sort;
  private final int limit;
  private final Cursor cursor;
  private final long filterHash;

  PageRequest(Sort sort, int limit, Cursor cursor, long filterHash) {
    this.sort = Objects.requireNonNull(sort, "sort");
    this.limit = limit;
    this.cursor = cursor;
    this.filterHash = filterHash;
  }

  /** The sort this page is read in. */
  public Sort sort() {
    return sort;
  }

  /** The page size the client asked for (or the default); 0 for a stream ({@link Pager#resume}). */
  public int limit() {
    return limit;
  }

  /** Whether a cursor was sent; {@code false} for a first page. */
  public boolean hasCursor() {
    return cursor != null;
  }

  /** Whether this page is read backwards (the client followed a {@code prev_cursor}). */
  public boolean isBackward() {
    return cursor != null && cursor.isBackward();
  }

  /**
   * The keyset predicate, ORDER BY and LIMIT for this page, numbering placeholders from
   * {@code nextParamIndex} (1 when the query has no other parameters). Any thread; pure.
   *
   * <p>{@code req.sql(filterParams.size() + 1)}
   */
  public KeysetSql sql(int nextParamIndex) {
    return KeysetBuilder.build(sort, cursor, nextParamIndex, limit);
  }

  Cursor cursor() {
    return cursor;
  }

  long filterHash() {
    return filterHash;
  }

  @Override
  public String toString() {
    return "PageRequest[sort=" + sort.name() + ", limit=" + limit
        + ", cursor=" + (cursor == null ? "none" : cursor.direction()) + "]";
  }
}
