package dev.brisk.page;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of rows in display order plus its cursors, as built by {@link Pager#page}.
 *
 * <pre>{@code
 * PageResult<Row> page = pager.page(req, rows, (row, col) -> row.getValue(col.name()));
 * page.linkHeader(ctx.normalizedPath(), ctx.queryParams())
 *     .ifPresent(link -> ctx.response().putHeader("Link", link));
 * ctx.json(page.toJson(Products::toJson));
 * }</pre>
 *
 * <p>{@code hasMore} tells whether more rows exist in the direction of travel: after this page
 * when paging forwards, before it when the client followed a {@code prev_cursor}.
 * {@code nextCursor} is null at the end of the list, {@code prevCursor} at its start. Immutable
 * (the row list is copied); any thread.
 *
 * @param data the rows, in sort order
 * @param limit the page size that was asked for
 * @param nextCursor cursor of the following page, or null when no row follows
 * @param prevCursor cursor of the preceding page, or null on the first page
 * @param hasMore whether more rows exist in the direction of travel
 * @param <T> the row type
 */
public record PageResult<T>(List<T> data, int limit, String nextCursor, String prevCursor,
    boolean hasMore) {

  /** Copies {@code data}; rows may not be null. */
  public PageResult {
    data = Collections.unmodifiableList(new ArrayList<>(data));
  }

  /**
   * The {@code page} object: {@code {"limit", "next_cursor", "prev_cursor", "has_more"}}, with
   * absent cursors as JSON null.
   */
  public JsonObject pageJson() {
    return new JsonObject()
        .put("limit", limit)
        .put("next_cursor", nextCursor)
        .put("prev_cursor", prevCursor)
        .put("has_more", hasMore);
  }

  /**
   * The list envelope {@code {"data": [...], "page": {...}}}, each row mapped by
   * {@code encoder} (to a {@code JsonObject} or any JSON value).
   */
  public JsonObject toJson(Function<? super T, ?> encoder) {
    List<Object> items = new ArrayList<>(data.size());
    data.forEach(row -> items.add(encoder.apply(row)));
    return new JsonObject().put("data", new JsonArray(items)).put("page", pageJson());
  }

  /**
   * The RFC 8288 {@code Link} header value with {@code rel="next"} and {@code rel="prev"} links:
   * {@code path} plus every query parameter of the request, in order, with {@code cursor}
   * replaced; empty when neither cursor exists. {@code path} is used as given (pass the raw
   * request path); names and values are percent-encoded.
   */
  public Optional<String> linkHeader(String path, MultiMap query) {
    List<String> links = new ArrayList<>(2);
    if (nextCursor != null) {
      links.add(Links.link(path, query, nextCursor, "next"));
    }
    if (prevCursor != null) {
      links.add(Links.link(path, query, prevCursor, "prev"));
    }
    return links.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", links));
  }
}
