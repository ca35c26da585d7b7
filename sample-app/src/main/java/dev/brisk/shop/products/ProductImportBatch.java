package dev.brisk.shop.products;

import dev.brisk.db.Sql;
import dev.brisk.imports.ImportLine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes one batch of valid import lines in the transaction the import opened. Per-line database
 * failures never fail the batch: unknown categories are found first (and key-share locked so
 * they stay until commit), duplicate SKUs by {@code ON CONFLICT (sku) DO NOTHING RETURNING sku};
 * both become line errors while the other lines commit. Runs on the request's event loop.
 */
final class ProductImportBatch {

  private static final String KNOWN_CATEGORIES =
      "SELECT id FROM categories WHERE id = ANY($1) FOR KEY SHARE";
  private static final String INSERT = "INSERT INTO products (sku, name, description, "
      + "price_cents, stock, category_id) SELECT * FROM unnest($1::text[], $2::text[], "
      + "$3::text[], $4::int8[], $5::int4[], $6::int8[]) ON CONFLICT (sku) DO NOTHING "
      + "RETURNING sku";

  private ProductImportBatch() {
  }

  /** A {@link dev.brisk.imports.BatchWriter}: answers the refused lines' errors. */
  static Future<Map<Long, String>> write(Sql tx, List<ImportLine> batch) {
    Map<Long, String> errors = new TreeMap<>();
    Map<String, ProductImportLine> bySku = new LinkedHashMap<>();
    for (ImportLine valid : batch) {
      ProductImportLine line = ProductImportLine.of(valid);
      ProductImportLine first = bySku.putIfAbsent(line.sku(), line);
      if (first != null) {
        errors.put(line.line(), "duplicate sku '" + line.sku() + "' (first on line "
            + first.line() + ")");
      }
    }
    return insert(tx, new ArrayList<>(bySku.values()), errors).map(errors);
  }

  private static Future<Void> insert(Sql tx, List<ProductImportLine> lines,
      Map<Long, String> errors) {
    Long[] categories = lines.stream().map(ProductImportLine::categoryId).distinct()
        .toArray(Long[]::new);
    return tx.query(KNOWN_CATEGORIES, Tuple.of((Object) categories)).compose(rows -> {
      Set<Long> known = new HashSet<>();
      rows.forEach(row -> known.add(row.getLong(0)));
      List<ProductImportLine> valid = new ArrayList<>();
      for (ProductImportLine line : lines) {
        if (known.contains(line.categoryId())) {
          valid.add(line);
        } else {
          errors.put(line.line(), "category_id " + line.categoryId() + " does not exist");
        }
      }
      return valid.isEmpty() ? Future.succeededFuture() : insertNew(tx, valid, errors);
    });
  }

  private static Future<Void> insertNew(Sql tx, List<ProductImportLine> lines,
      Map<Long, String> errors) {
    int n = lines.size();
    String[] skus = new String[n];
    String[] names = new String[n];
    String[] descriptions = new String[n];
    Long[] prices = new Long[n];
    Integer[] stocks = new Integer[n];
    Long[] categories = new Long[n];
    for (int i = 0; i < n; i++) {
      ProductImportLine l = lines.get(i);
      skus[i] = l.sku();
      names[i] = l.name();
      descriptions[i] = l.description();
      prices[i] = l.priceCents();
      stocks[i] = l.stock();
      categories[i] = l.categoryId();
    }
    Tuple params = Tuple.of(skus, names, descriptions, prices, stocks, categories);
    return tx.query(INSERT, params).map(rows -> {
      Set<String> inserted = new HashSet<>();
      for (Row row : rows) {
        inserted.add(row.getString(0));
      }
      for (ProductImportLine line : lines) {
        if (!inserted.contains(line.sku())) {
          errors.put(line.line(), "a product with sku '" + line.sku() + "' already exists");
        }
      }
      return null;
    });
  }
}
