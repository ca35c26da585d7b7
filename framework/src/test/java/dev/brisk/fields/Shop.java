package dev.brisk.fields;

import static dev.brisk.fields.FieldType.BOOL;
import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.JSON;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.Inclusion.DEFAULT;
import static dev.brisk.fields.Inclusion.ON_REQUEST;

import java.util.ArrayList;
import java.util.List;

/** Test declarations shaped like the sample app's, plus a schema and data to read them from. */
final class Shop {
  static final Resource CATEGORY = Resource.builder("category", "categories", "c")
      .field("id", "c.id", INT, DEFAULT)
      .field("name", "c.name", TEXT, DEFAULT)
      .field("slug", "slug", TEXT, ON_REQUEST)
      .build();

  static final Resource PRODUCT = Resource.builder("product", "products", "p")
      .field("id", "p.id", LONG)
      .field("sku", "p.sku", TEXT)
      .field("name", "p.name", TEXT)
      .field("description", "p.description", TEXT, ON_REQUEST)
      .field("price_cents", "p.price_cents", LONG)
      .field("stock", "p.stock", INT)
      .field("category_id", "p.category_id", LONG)
      .field("active", "p.active", BOOL, ON_REQUEST)
      .field("weight_kg", "p.weight", NUMERIC, ON_REQUEST)
      .field("attributes", "p.attributes", JSON, ON_REQUEST)
      .field("name_upper", "upper(p.name)", TEXT, ON_REQUEST)
      .field("created_at", "p.created_at", TIMESTAMP)
      .embedOne("category", "category_id", CATEGORY)
      .build();

  static final Resource ORDER_ITEM = Resource.builder("order_item", "order_items", "i")
      .field("id", "i.id", LONG, ON_REQUEST)
      .field("product_id", "i.product_id", LONG)
      .field("quantity", "i.quantity", INT)
      .field("unit_price_cents", "i.unit_price_cents", LONG)
      .embedOne("product", "product_id", PRODUCT)
      .build();

  static final Resource ORDER = Resource.builder("order", "orders", "o")
      .field("id", "o.id", LONG)
      .field("user_id", "o.user_id", LONG)
      .field("status", "o.status", TEXT)
      .field("total_cents", "o.total_cents", LONG)
      .field("created_at", "o.created_at", TIMESTAMP)
      .embedMany("items", ORDER_ITEM, "order_id", DEFAULT)
      .build();

  static final int CATEGORIES = 5;
  static final int PRODUCTS = 30;
  static final int ORDERS = 10;

  private Shop() {
  }

  /**
   * Schema and deterministic data: categories 1..5 (int4 ids); products 1..30 in category
   * {@code id % 5 + 1}, except product 30 which has none; order n has n % 3 + 1 items, none for
   * order 10.
   */
  static List<String> schema() {
    List<String> sql = new ArrayList<>(List.of(
        "CREATE TABLE categories (id integer PRIMARY KEY, name text NOT NULL, slug text)",
        "CREATE TABLE products (id bigint PRIMARY KEY, sku text, name text NOT NULL,"
            + " description text, price_cents bigint, stock integer,"
            + " category_id bigint, active boolean, weight numeric(10,3), attributes jsonb,"
            + " created_at timestamptz NOT NULL)",
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status text,"
            + " total_cents bigint, created_at timestamptz)",
        "CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint, product_id bigint,"
            + " quantity integer, unit_price_cents bigint)",
        "INSERT INTO categories SELECT g, 'Category ' || g, 'cat-' || g"
            + " FROM generate_series(1, " + CATEGORIES + ") g",
        "INSERT INTO products SELECT g, 'SKU-' || g, 'Product ' || g,"
            + " CASE WHEN g % 2 = 0 THEN 'Even product' END, g * 100, g + 1000,"
            + " CASE WHEN g < " + PRODUCTS + " THEN g % 5 + 1 END, g % 2 = 1, g * 0.25,"
            + " jsonb_build_object('rank', g, 'tags', jsonb_build_array('a', 'b')),"
            + " timestamptz '2026-01-02 05:04:05+02' + g * interval '1 day'"
            + " FROM generate_series(1, " + PRODUCTS + ") g",
        "INSERT INTO orders SELECT g, 100 + g, 'placed', g * 1000,"
            + " timestamptz '2026-03-01 00:00:00Z' + g * interval '1 hour'"
            + " FROM generate_series(1, " + ORDERS + ") g"));
    sql.add("INSERT INTO order_items SELECT o * 10 + k, o, (o * 7 + k) % " + PRODUCTS + " + 1,"
        + " k + 1, 250 FROM generate_series(1, " + (ORDERS - 1) + ") o,"
        + " generate_series(0, 2) k WHERE k <= o % 3");
    return sql;
  }
}
