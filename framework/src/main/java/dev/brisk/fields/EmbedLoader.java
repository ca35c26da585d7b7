package dev.brisk.fields;

import dev.brisk.db.Sql;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Loads one embed for many owner rows at once: the {@link Renderer} calls it once per embed per
 * level with every distinct key, never once per row.
 *
 * <pre>{@code
 * EmbedLoader categories = (keys, mask) -> db.categoriesByIds(keys, mask);  // key -> JsonObject
 * }</pre>
 *
 * <p>The result maps each key to its rendered value, already shaped by {@code subMask} (including
 * its nested embeds): a {@link io.vertx.core.json.JsonObject} for a to-one embed, a
 * {@link io.vertx.core.json.JsonArray} or {@code List<JsonObject>} for a to-many embed. Missing
 * keys become {@code null} or an empty array. Integer keys are always passed as {@link Long},
 * and result keys must be too. Implementations run on the caller's Vert.x context and must not
 * block.
 */
@FunctionalInterface
public interface EmbedLoader {
  /**
   * Loads the embedded representations for {@code keys} (distinct, non-null).
   *
   * @param keys the owner rows' key values ({@link Embed#keyColumn()})
   * @param subMask what to select in the embedded resource
   */
  Future<Map<Object, Object>> load(List<Object> keys, FieldMask subMask);

  /**
   * A loader that reads {@code embed} with one SQL query for all keys,
   * {@code SELECT <projection>, <target key> FROM <table> <alias> WHERE <target key> = ANY($1)},
   * groups the rows by key and renders them with a {@link Renderer} over {@code nested}, so each
   * deeper level also costs one query. To-many rows are ordered by the target's {@code id} field
   * when it declares one, and at most {@link EmbedLimits#maxPerParent()} + 1 (default limits)
   * are read per key. Runs on the caller's context.
   *
   * @throws IllegalArgumentException when the key type is not LONG, INT, TEXT or UUID
   */
  static EmbedLoader sql(Embed embed, Sql sql, EmbedLoaders nested) {
    return new SqlEmbedLoader(embed, sql, nested, EmbedLimits.defaults());
  }
}
