package dev.brisk.load.baseline;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** A products row as the API.md representation (snake_case, RFC 3339 UTC times). */
final class ProductJson {

  private ProductJson() {
  }

  /** Renders one row; runs on the calling event loop. */
  static JsonObject of(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("sku", row.getString("sku"))
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("price_cents", row.getLong("price_cents"))
        .put("stock", row.getInteger("stock"))
        .put("category_id", row.getLong("category_id"))
        .put("created_at", instant(row.getOffsetDateTime("created_at")))
        .put("updated_at", instant(row.getOffsetDateTime("updated_at")));
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
