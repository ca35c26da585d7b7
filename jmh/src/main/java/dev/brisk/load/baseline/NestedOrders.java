package dev.brisk.load.baseline;

import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The hand-written limit for nested data: {@code GET /api/orders?limit=100&fields=}{@link
 * #FIELDS} answered by ONE statement that builds the whole body in PostgreSQL with
 * {@code json_build_object} / {@code json_agg} (the best a careful engineer could write by hand for
 * this one query), passed through as text without parsing. Same data and members, in the same
 * order, as Brisk's answer; the page metadata has an unsigned cursor (base64url of the last id)
 * and PostgreSQL's JSON whitespace. Handlers run on the calling verticle's event loop.
 */
final class NestedOrders {

  /** The one field selection served; anything else is a 400. */
  static final String FIELDS = "id,user(name),items(quantity,product(name,category(name)))";

  /** $1: id after which the page starts (0 for the first page), $2: page size. */
  static final String SQL = String.join("\n",
      "WITH page AS (",
      "  SELECT o.id, o.user_id FROM orders o WHERE o.id > $1 ORDER BY o.id LIMIT $2 + 1",
      "), shown AS (",
      "  SELECT id, user_id FROM page ORDER BY id LIMIT $2",
      "), next AS (",
      "  SELECT CASE WHEN (SELECT count(*) FROM page) > $2 THEN rtrim(translate(encode(",
      "    convert_to((SELECT max(id) FROM shown)::text, 'UTF8'), 'base64'), '+/', '-_'), '=')",
      "    END AS cursor",
      ")",
      "SELECT json_build_object(",
      "  'data', COALESCE((",
      "    SELECT json_agg(json_build_object(",
      "      'id', s.id,",
      "      'items', (SELECT COALESCE(json_agg(json_build_object(",
      "          'quantity', oi.quantity,",
      "          'product', json_build_object('name', p.name,",
      "            'category', json_build_object('name', c.name))) ORDER BY oi.line), '[]'::json)",
      "        FROM order_items oi",
      "        JOIN products p ON p.id = oi.product_id",
      "        JOIN categories c ON c.id = p.category_id",
      "        WHERE oi.order_id = s.id),",
      "      'user', (SELECT json_build_object('name', u.name) FROM users u",
      "        WHERE u.id = s.user_id)) ORDER BY s.id)",
      "    FROM shown s), '[]'::json),",
      "  'page', json_build_object('limit', $2, 'next_cursor', next.cursor,",
      "    'prev_cursor', NULL, 'has_more', next.cursor IS NOT NULL))::text AS body,",
      "  next.cursor AS next_cursor",
      "FROM next");

  private final SqlClient pool;

  NestedOrders(SqlClient pool) {
    this.pool = pool;
  }

  /** {@code GET /api/orders?limit=N&fields=...[&cursor=...]}; the body comes from PostgreSQL. */
  void handle(RoutingContext ctx) {
    String limitParam = ctx.queryParams().get("limit");
    int limit = BaselineVerticle.parseLimit(limitParam);
    if (!FIELDS.equals(ctx.queryParams().get("fields")) || limit < 1 || limit > 100) {
      BaselineVerticle.problem(ctx, 400, "fields must be " + FIELDS + " and limit 1..100");
      return;
    }
    long after;
    try {
      after = after(ctx.queryParams().get("cursor"));
    } catch (IllegalArgumentException e) {
      BaselineVerticle.problem(ctx, 400, "invalid cursor");
      return;
    }
    pool.preparedQuery(SQL).execute(Tuple.of(after, limit)).onComplete(ar -> {
      if (ar.failed()) {
        BaselineVerticle.problem(ctx, 500, "query failed");
        return;
      }
      Row row = ar.result().iterator().next();
      String next = row.getString("next_cursor");
      if (next != null) {
        ctx.response().putHeader("Link", "</api/orders?limit=" + limit + "&fields=" + FIELDS
            + "&cursor=" + next + ">; rel=\"next\"");
      }
      BaselineVerticle.json(ctx, 200, row.getString("body"));
    });
  }

  /** The last id of the previous page, 0 without a cursor. */
  private static long after(String cursor) {
    if (cursor == null) {
      return 0;
    }
    return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor),
        StandardCharsets.UTF_8));
  }
}
