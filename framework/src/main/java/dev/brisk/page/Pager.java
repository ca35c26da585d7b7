package dev.brisk.page;

import dev.brisk.auth.Caller;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyset (cursor) pagination: parses {@code limit} and {@code cursor} query parameters, produces
 * the SQL fragments of a page and turns the fetched rows into a page with signed cursors.
 *
 * <pre>{@code
 * Pager pager = Pager.create(context.pages()); // in a BriskApp: the app's cursor keys
 * PageRequest req = pager.parse(ctx, sort, Map.of("category_id", categoryId));
 * KeysetSql k = req.sql(2);
 * pool.preparedQuery("SELECT ... WHERE p.category_id = $1 AND " + k.predicate()
 *         + " ORDER BY " + k.orderBy() + " LIMIT " + k.limit())
 *     .execute(Tuple.from(params))
 *     .map(rows -> pager.page(req, list(rows), (row, col) -> row.getValue(col.name())));
 * }</pre>
 *
 * <p>Cursors are opaque base64url tokens, HMAC-signed and bound to the sort and filters they were
 * minted for; see {@code docs/pagination.md}. Both methods are pure CPU work of a few
 * microseconds and safe on the event loop; a pager is thread-safe and meant to be shared.
 */
public interface Pager {

  /** The options this pager was created with (limits, cursor lifetime). */
  PageOptions options();

  /** Creates a pager: {@code Pager.create(context.pages())} in an app; any thread. */
  static Pager create(PageOptions options) {
    return new DefaultPager(options);
  }

  /**
   * Validates {@code limit} (default when absent) and verifies {@code cursor} (first page when
   * absent or empty) from the query parameters. Runs on the calling thread, typically the event
   * loop.
   *
   * @param query the request's query parameters
   * @param sort the sort the client selected (see {@link Sort#select})
   * @param filters the canonical filters of the request, name to value (null values count as
   *     absent); a cursor is only accepted with the same sort and filters it was minted for
   * @throws dev.brisk.problem.Problem 400 {@code invalid-parameter} naming {@code limit} or
   *     {@code cursor} when either is invalid, tampered, expired or minted for another query
   */
  PageRequest parse(MultiMap query, Sort sort, Map<String, ?> filters);

  /**
   * Like {@link #parse(MultiMap, Sort, Map)} on the request's query, with the cursor also bound
   * to the matched route template (a cursor minted on one list is 400 on another) and, on a
   * route that is not open, to the caller's key (another caller's cursor is 400). On open routes
   * every caller gets the same page and the same cursors. Runs on the request's context.
   */
  default PageRequest parse(RoutingContext ctx, Sort sort, Map<String, ?> filters) {
    return parse(ctx.queryParams(), sort, bound(ctx, filters));
  }

  /**
   * Where a stream read in {@code sort} order (every row, no page size) resumes: after the
   * position {@code token} names, a token {@link #position} minted for the same sort and filters
   * (null or blank: from the first row). The token is verified as a cursor is: signature, age,
   * sort, filters, key types. Runs on the calling thread.
   *
   * <p>{@code KeysetSql k = pager.resume("Last-Event-ID", header, sort, filters).sql(n);}
   *
   * @param source what carried the token (a header's name), named by the problem
   * @throws dev.brisk.problem.Problem 400 {@code bad-request} naming {@code source} when the
   *     token is invalid, tampered, expired or minted for another sort or other filters
   */
  PageRequest resume(String source, String token, Sort sort, Map<String, ?> filters);

  /**
   * Like {@link #resume(String, String, Sort, Map)} with the token from the request's header
   * {@code header}, bound to the route and caller as {@link #parse(RoutingContext, Sort, Map)}
   * binds a cursor. Runs on the request's context.
   */
  default PageRequest resume(RoutingContext ctx, String header, Sort sort,
      Map<String, ?> filters) {
    return resume(header, ctx.request().getHeader(header), sort, bound(ctx, filters));
  }

  /**
   * The token naming {@code row}'s position in {@code request}'s sort, which {@link #resume}
   * accepts to go on after that row (an SSE event id). Signs, so about a microsecond a call;
   * any thread.
   *
   * @throws IllegalArgumentException when {@code keys} yields a value type a cursor cannot hold
   */
  <T> String position(PageRequest request, T row, KeyExtractor<T> keys);

  /** {@code filters} plus the route template and, on a route that is not open, the caller. */
  private static Map<String, Object> bound(RoutingContext ctx, Map<String, ?> filters) {
    Map<String, Object> bound = new HashMap<>(filters);
    Route route = ctx.currentRoute();
    bound.put("\0route", route == null ? ctx.request().path() : route.getPath());
    Caller caller = Caller.of(ctx);
    if (Caller.answerScope(ctx) != null && !caller.isAnonymous()) {
      bound.put("\0caller", caller.keyId());
    }
    return bound;
  }

  /**
   * What a failed page query reports: the 400 {@code invalid-parameter} problem naming
   * {@code cursor} (counted as {@code malformed}) when the SQL driver refused to bind a cursor
   * key to its column's type, which only a cursor signed with a valid key but forged, or minted
   * before the column changed type, carries; {@code failure} itself otherwise. Any thread.
   *
   * <p>{@code query.execute(params).recover(e -> Future.failedFuture(pager.queryFailure(req, e)))}
   */
  Throwable queryFailure(PageRequest request, Throwable failure);

  /**
   * Builds the page from the rows fetched with {@link PageRequest#sql} (up to limit + 1 rows, in
   * query order): drops the extra row, restores display order for backward pages and mints the
   * next and previous cursors from the edge rows' keys. Runs on the calling thread.
   *
   * @throws IllegalArgumentException when {@code keys} yields a value type a cursor cannot hold
   */
  <T> PageResult<T> page(PageRequest request, List<T> rows, KeyExtractor<T> keys);
}
