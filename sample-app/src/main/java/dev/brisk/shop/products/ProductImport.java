package dev.brisk.shop.products;

import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.BriskConfig;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.OperationDoc;
import dev.brisk.imports.ImportLimits;
import dev.brisk.imports.NdjsonImport;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/products/import}: an {@link NdjsonImport} of {@link ProductImportLine}s
 * written by {@link ProductImportBatch}, each committed batch invalidating the cached pages and
 * categories new products change; bounded by the shop's {@code --import-max-*} settings.
 */
public final class ProductImport {

  /** What the generated API description says about the route. */
  static final OperationDoc DOC = OperationDoc
      .summary("Import products: one JSON object per line, written in batches")
      .withDescription("Streamed (not subject to the 1 MiB body limit; gzip or deflate "
          + "`Content-Encoding` accepted). Invalid lines, including a line over the line "
          + "limit (default 64 KiB), are reported by 1-based number (`/lines/<n>`) in a 422 "
          + "problem that also counts the lines `imported`.");

  private ProductImport() {
  }

  /** The import, {@code limits.batchSize()} products per transaction. */
  // region declare
  static NdjsonImport create(Db db, Cache cache, RowVersions versions, ImportLimits limits) {
    return NdjsonImport.create(db, ProductImportLine.SCHEMA, ProductImportBatch::write, limits)
        .withItemNames("product", "products")
        // New products show in their categories: committed, no cached category may hide them.
        .withAfterBatch(written -> cache.invalidate(versions.written(PRODUCT, List.of())));
  }
  // endregion declare

  /**
   * {@link ImportLimits#defaults()} overridden by {@code --import-max-bytes},
   * {@code --import-max-lines}, {@code --import-max-line-bytes}, {@code --import-max-duration}
   * and {@code --import-max-inflation-ratio} (or their {@code BRISK_IMPORT_*} variables), in
   * batches of 500, a stalled client cut off after {@code stallTimeout}.
   */
  // region limits
  public static ImportLimits limits(BriskConfig config, Duration stallTimeout) {
    ImportLimits d = ImportLimits.defaults();
    return new ImportLimits(
        config.getLong("import-max-bytes", d.maxBytes()),
        config.getLong("import-max-lines", d.maxLines()),
        config.getInt("import-max-line-bytes", d.maxLineBytes()),
        config.getDuration("import-max-duration", d.maxDuration()),
        config.getInt("import-max-inflation-ratio", d.maxInflationRatio()),
        500, stallTimeout);
  }
  // endregion limits
}
