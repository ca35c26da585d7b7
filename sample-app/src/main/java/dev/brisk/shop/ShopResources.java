package dev.brisk.shop;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.Inclusion.DEFAULT;

import dev.brisk.fields.Resource;
import java.util.List;

/** The shop's resources, declared once: they drive SQL projections, JSON and protobuf. */
public final class ShopResources {

  // A category lists its products and a product shows its category: the targets are resolved
  // on first use, so each resource can point at the other.
  // region both-ways
  // region category
  public static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .field("slug", "slug", TEXT)
      .embedMany("products", () -> ShopResources.PRODUCT, "category_id")
      .build();
  // endregion category

  public static final Resource PRODUCT = Resource.builder("product", "products", "p")
      .field("id", "id", LONG)
      .field("sku", "sku", TEXT)
      .field("name", "name", TEXT)
      .field("description", "description", TEXT)
      .field("price_cents", "price_cents", LONG)
      .field("stock", "stock", INT)
      .field("category_id", "category_id", LONG)
      .field("created_at", "created_at", TIMESTAMP)
      .field("updated_at", "updated_at", TIMESTAMP)
      .embedOne("category", "category_id", () -> CATEGORY)
      .build();
  // endregion both-ways

  public static final Resource USER = Resource.builder("user", "users", "u")
      .field("id", "id", LONG)
      .field("email", "email", TEXT)
      .field("name", "name", TEXT)
      .field("tier", "tier", TEXT)
      .field("created_at", "created_at", TIMESTAMP)
      .build();

  public static final Resource ORDER_ITEM = Resource.builder("item", "order_items", "oi")
      .field("product_id", "product_id", LONG)
      .field("quantity", "quantity", INT)
      .field("unit_price_cents", "unit_price_cents", LONG)
      .embedOne("product", "product_id", PRODUCT)
      .orderBy("oi.line")
      .build();

  public static final Resource ORDER = Resource.builder("order", "orders", "o")
      .field("id", "id", LONG)
      .field("user_id", "user_id", LONG)
      .field("status", "status", TEXT)
      .field("total_cents", "total_cents", LONG)
      .field("created_at", "created_at", TIMESTAMP)
      .embedMany("items", ORDER_ITEM, "order_id", DEFAULT)
      .embedOne("user", "user_id", USER)
      .build();

  /** Every resource the shop serves, for the row versions its cached reads and writes use. */
  public static final List<Resource> ALL = List.of(CATEGORY, PRODUCT, USER, ORDER_ITEM, ORDER);

  private ShopResources() {
  }
}
