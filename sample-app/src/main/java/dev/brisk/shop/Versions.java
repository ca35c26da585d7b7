package dev.brisk.shop;

import dev.brisk.batch.DataLoaderScope;
import dev.brisk.batch.SqlBatchFn;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.Validator;
import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.http.CachedReads;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The row versions each shop representation depends on, read in one small query (one per
 * batch of sub-requests): PostgreSQL's {@code xmin} (the transaction that wrote the row version)
 * of the row and of every row its embeds can show. Their tags are what writes invalidate:
 * {@code product:5} for one product, {@code category-products} for every category shown with
 * its products.
 */
public final class Versions {

  /** A product row's version: what {@link #PRODUCT} reads as {@code product:<id>}. */
  public static final String PRODUCT_ROW = "p.xmin";

  // region product-versions
  static final String PRODUCT = "SELECT p.id, 'product:' || p.id AS tag, " + PRODUCT_ROW
      + "::text AS v FROM products p WHERE p.id = ANY($1)";
  // A product shown with its category (fields=category(...)) also depends on the category row.
  static final String PRODUCT_CATEGORY = PRODUCT
      + " UNION ALL SELECT p.id, 'category:' || c.id, c.xmin::text "
      + "FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ANY($1)";
  // endregion product-versions
  static final String CATEGORY = "SELECT c.id, 'category:' || c.id AS tag, c.xmin::text AS v "
      + "FROM categories c WHERE c.id = ANY($1)";
  // A category showing its products depends on every product in it, and on which there are;
  // an empty one too (its first product must invalidate it).
  static final String CATEGORY_PRODUCTS = CATEGORY + " UNION ALL SELECT c.id, "
      + "'category-products:' || c.id, " + productsOf("p") + " "
      + "FROM categories c LEFT JOIN products p ON p.category_id = c.id "
      + "WHERE c.id = ANY($1) GROUP BY c.id";
  static final String USER = "SELECT u.id, 'user:' || u.id AS tag, u.xmin::text AS v "
      + "FROM users u WHERE u.id = ANY($1)";
  // Items are written with their order (same transaction): their versions join the order's.
  static final String ORDER = "SELECT o.id, 'order:' || o.id AS tag, o.xmin::text || '/' || "
      + "coalesce((SELECT string_agg(oi.line || '@' || oi.xmin::text, ',' ORDER BY oi.line) "
      + "FROM order_items oi WHERE oi.order_id = o.id), '') AS v "
      + "FROM orders o WHERE o.id = ANY($1) "
      + "UNION ALL SELECT o.id, 'user:' || u.id, u.xmin::text "
      + "FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = ANY($1) "
      + "UNION ALL SELECT DISTINCT oi.order_id, 'product:' || p.id, p.xmin::text "
      + "FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ANY($1) "
      + "UNION ALL SELECT DISTINCT oi.order_id, 'category:' || c.id, c.xmin::text "
      + "FROM order_items oi JOIN products p ON p.id = oi.product_id "
      + "JOIN categories c ON c.id = p.category_id WHERE oi.order_id = ANY($1)";

  // Categories embed their products and products their category, so a product or an order can
  // show every product of a category (fields=category(products)): then it depends on them all.
  static final String PRODUCT_CATEGORY_PRODUCTS = PRODUCT_CATEGORY + " UNION ALL SELECT p.id, "
      + "'category-products:' || p.category_id, " + productsOf("q") + " FROM products p "
      + "LEFT JOIN products q ON q.category_id = p.category_id WHERE p.id = ANY($1) "
      + "GROUP BY p.id, p.category_id";
  static final String ORDER_CATEGORY_PRODUCTS = ORDER + " UNION ALL SELECT c.order_id, "
      + "'category-products:' || c.category_id, " + productsOf("q") + " FROM (SELECT DISTINCT "
      + "oi.order_id, p.category_id FROM order_items oi JOIN products p ON p.id = oi.product_id "
      + "WHERE oi.order_id = ANY($1)) c LEFT JOIN products q ON q.category_id = c.category_id "
      + "GROUP BY c.order_id, c.category_id";

  private Versions() {
  }

  /**
   * The validator of {@code key} ({@code product}, {@code category}, {@code user} or
   * {@code order}); lookups made in one event-loop turn of a request share one query. They are
   * shared by every sub-request of a batch, so they read through the database, never through a
   * transaction (which would see its own writes, and the others' lookups would run in it): in a
   * transaction, use {@link #read}.
   */
  // region validator
  public static Future<Validator> of(Db db, CacheKey key) {
    String query = query(key);
    String name = "versions:" + key.resource() + (showsCategoryProducts(key) ? "+products"
        : showsCategory(key) ? "+category" : "");
    return DataLoaderScope.current().<Long, List<Row>>loader(name,
            SqlBatchFn.grouped(db, query, row -> row.getLong("id"), row -> row))
        .load(Long.parseLong(key.id()))
        .compose(rows -> versions(key, rows))
        .map(versions -> Validator.of(key, versions));
  }
  // endregion validator

  /** Tag to row version for {@code key}, read by {@code sql} now (in a transaction too). */
  public static Future<Map<String, String>> read(Sql sql, CacheKey key) {
    Long[] ids = {Long.parseLong(key.id())};
    return sql.query(query(key), Tuple.of(ids)).compose(rows -> {
      List<Row> list = new ArrayList<>();
      rows.forEach(list::add);
      return versions(key, list);
    });
  }

  /**
   * What a write to these products invalidates (stock, price, name, new products): each
   * product, every category shown with its products, and every cached page showing products.
   */
  public static List<String> productTags(Collection<Long> ids) {
    List<String> tags = new ArrayList<>(ids.size() + 2);
    ids.forEach(id -> tags.add("product:" + id));
    tags.add("category-products");
    tags.add(CachedReads.pagesTag("product"));
    return tags;
  }

  /**
   * What placing an order for these products invalidates: their stock ({@link #productTags})
   * and every cached page showing orders or their items.
   */
  public static List<String> orderTags(Collection<Long> productIds) {
    List<String> tags = new ArrayList<>(productTags(productIds));
    tags.add(CachedReads.pagesTag("order"));
    tags.add(CachedReads.pagesTag("item"));
    return tags;
  }

  private static String query(CacheKey key) {
    boolean products = showsCategoryProducts(key);
    return switch (key.resource()) {
      case "product" -> products ? PRODUCT_CATEGORY_PRODUCTS
          : showsCategory(key) ? PRODUCT_CATEGORY : PRODUCT;
      case "category" -> products ? CATEGORY_PRODUCTS : CATEGORY;
      case "order" -> products ? ORDER_CATEGORY_PRODUCTS : ORDER;
      case "user" -> USER;
      default -> throw new IllegalArgumentException("no versions for " + key.resource());
    };
  }

  private static boolean showsCategoryProducts(CacheKey key) {
    return key.mask().contains("products(");
  }

  private static boolean showsCategory(CacheKey key) {
    return key.mask().contains("category(");
  }

  /** The version of a category's product list: its products' ids and row versions. */
  private static String productsOf(String alias) {
    return "md5(coalesce(string_agg(" + alias + ".id || '@' || " + alias + ".xmin::text, ',' "
        + "ORDER BY " + alias + ".id), ''))";
  }

  private static Future<Map<String, String>> versions(CacheKey key, List<Row> rows) {
    if (rows.isEmpty()) {
      return Future.failedFuture(Problem.notFound(Character.toUpperCase(
          key.resource().charAt(0)) + key.resource().substring(1) + " " + key.id()
          + " does not exist"));
    }
    Map<String, String> versions = new HashMap<>();
    for (Row row : rows) {
      versions.put(row.getString("tag"), row.getString("v"));
    }
    return Future.succeededFuture(versions);
  }
}
