package dev.brisk.peer.quarkus;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A product as the sample app renders it by default (API.md: snake_case, RFC 3339 UTC times).
 *
 * @param id primary key
 * @param sku stock-keeping unit
 * @param name display name
 * @param description free text
 * @param priceCents price in cents
 * @param stock units in stock
 * @param categoryId category key
 * @param createdAt creation time, e.g. {@code 2024-01-01T00:00:00Z}
 * @param updatedAt last update time
 */
public record Product(long id, String sku, String name, String description,
    @JsonProperty("price_cents") long priceCents, int stock,
    @JsonProperty("category_id") long categoryId,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt) {

  /** The product in {@code row} (all of {@code ProductResource.COLUMNS}). */
  static Product of(Row row) {
    return new Product(row.getLong("id"), row.getString("sku"), row.getString("name"),
        row.getString("description"), row.getLong("price_cents"), row.getInteger("stock"),
        row.getLong("category_id"), instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")));
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
