package dev.brisk.shop.products;

import dev.brisk.http.BodySchema;
import dev.brisk.imports.ImportLine;
import io.vertx.core.json.JsonObject;

/**
 * One valid NDJSON line of {@code POST /api/products/import}, checked by {@link #SCHEMA}. The
 * read-only fields of an export ({@code id}, {@code created_at}, {@code updated_at}) are ignored
 * so an export can be imported elsewhere; any other unknown field is an error.
 *
 * @param line the 1-based line number in the body
 */
record ProductImportLine(long line, String sku, String name, String description,
    long priceCents, int stock, long categoryId) {

  static final int MAX_SKU = 64;
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2000;
  /** Money is written as 0 to 10^12 cents everywhere (PATCH and import). */
  static final long MAX_PRICE_CENTS = 1_000_000_000_000L;
  private static final BodySchema IGNORED = BodySchema.any()
      .withDescription("Ignored (an export's read-only field)");
  /** What a line holds; the product {@code PATCH} changes some of these members. */
  // region line-schema
  static final BodySchema.ObjectSchema SCHEMA = BodySchema.object()
      .required("sku", BodySchema.text(1, MAX_SKU).nonBlank())
      .required("name", BodySchema.text(1, MAX_NAME).nonBlank())
      .required("description", BodySchema.text(0, MAX_DESCRIPTION))
      .required("price_cents", BodySchema.integer(0, MAX_PRICE_CENTS))
      .required("stock", BodySchema.integer(0, ProductPatch.MAX_STOCK))
      .required("category_id", BodySchema.integer(1, Long.MAX_VALUE))
      // An export's read-only fields, so that an export can be imported elsewhere.
      .optional("created_at", IGNORED)
      .optional("id", IGNORED)
      .optional("updated_at", IGNORED);
  // endregion line-schema

  /** The product a valid line holds. */
  static ProductImportLine of(ImportLine line) {
    JsonObject valid = line.value();
    return new ProductImportLine(line.number(), valid.getString("sku"), valid.getString("name"),
        valid.getString("description"), valid.getLong("price_cents"),
        valid.getInteger("stock"), valid.getLong("category_id"));
  }
}
