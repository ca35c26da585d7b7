package dev.brisk.docs;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.Inclusion.DEFAULT;
import static dev.brisk.fields.Inclusion.ON_REQUEST;

import dev.brisk.BriskContext;
import dev.brisk.db.Sql;
import dev.brisk.db.Where;
import dev.brisk.fields.EmbedLoaders;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Renderer;
import dev.brisk.fields.Resource;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.Requests;
import dev.brisk.page.PageRequest;
import dev.brisk.page.PageResult;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** docs/fields.md: declaring resources, reading them, and rendering rows by hand. */
final class Products {

  // region resources
  static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "c.id", LONG, DEFAULT)
      .field("name", "c.name", TEXT, DEFAULT)
      .build();

  static final Resource PRODUCT = Resource.builder("product", "products", "p")
      .field("id", "p.id", LONG)                               // 3 arguments = DEFAULT
      .field("name", "p.name", TEXT)
      .field("description", "p.description", TEXT, ON_REQUEST)
      .field("price_cents", "p.price_cents", LONG)
      .field("category_id", "p.category_id", LONG)
      .field("created_at", "p.created_at", TIMESTAMP)          // "2026-01-02T03:04:05Z"
      .embedOne("category", "category_id", CATEGORY)           // p.category_id = c.id
      .build();

  static final Resource ORDER_ITEM = Resource.builder("order_item", "order_items", "i")
      .field("product_id", "i.product_id", LONG)
      .field("quantity", "i.quantity", INT)
      .embedOne("product", "product_id", PRODUCT)
      .build();

  static final Resource ORDER = Resource.builder("order", "orders", "o")
      .field("id", "o.id", LONG)
      .field("status", "o.status", TEXT)
      .embedMany("items", ORDER_ITEM, "order_id", DEFAULT)     // i.order_id = o.id
      .build();
  // endregion resources

  private final Pool pool;
  private final Renderer renderer;

  static Future<PageResult<JsonObject>> read(BriskContext context, Pager pager, FieldMask mask,
      PageRequest pageRequest) {
    // region reader
    ResourceReader products = context.reader(PRODUCT, pager);   // once, shared
    Future<JsonObject> one = products.byId(mask, 42L);          // 404 problem when absent
    Future<PageResult<JsonObject>> page = products.page(mask,    // keyset, see pagination.md
        Where.create().and("p.category_id = ?", 3L), pageRequest);
    // endregion reader
    return one.compose(x -> page);
  }

  // region renderer
  Products(Pool pool) {
    this.pool = pool;
    this.renderer = Renderer.create(EmbedLoaders.sql(Sql.of(pool)));  // or the app's Db
  }

  Future<JsonObject> product(RoutingContext ctx, long id) {
    FieldMask mask = FieldMask.parse(PRODUCT, Requests.single(ctx, "fields")); // 400 Problem
    return pool.preparedQuery("SELECT " + mask.projection() + " FROM products p WHERE p.id = $1")
        .execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Problem.notFound("Product " + id + " does not exist"))
            : renderer.renderOne(rows.iterator().next(), mask));
  }
  // endregion renderer
}
