package dev.brisk.fields;

import dev.brisk.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads one embed for all keys in one query: {@code ... WHERE key = ANY($1)} for to-one, a
 * lateral join reading at most {@code maxPerParent + 1} rows per key for to-many; see
 * EmbedLoader#sql.
 */
final class SqlEmbedLoader implements EmbedLoader {
  static final String KEY_LABEL = "brisk_embed_key";

  private final Embed embed;
  private final Sql sql;
  private final Renderer renderer;
  private final String select;
  private final String fromWhere;

  SqlEmbedLoader(Embed embed, Sql sql, EmbedLoaders nested, EmbedLimits limits) {
    FieldType keyType = embed.targetKeyType();
    if (keyType != FieldType.LONG && keyType != FieldType.INT && keyType != FieldType.TEXT
        && keyType != FieldType.UUID) {
      throw new IllegalArgumentException("SQL embed loader needs LONG, INT, TEXT or UUID keys; "
          + embed.qualifiedName() + " has " + keyType);
    }
    this.embed = embed;
    this.sql = sql;
    this.renderer = Renderer.create(nested, limits);
    Resource target = embed.target();
    Field id = target.field("id");
    String from = ", " + embed.targetKeySql() + " AS " + KEY_LABEL
        + " FROM " + target.table() + " " + target.alias() + " WHERE " + embed.targetKeySql();
    if (embed.cardinality() != Cardinality.MANY) {
      this.select = "SELECT ";
      this.fromWhere = from + " = ANY($1)";
      return;
    }
    String order = target.order() != null ? " ORDER BY " + target.order()
        : id != null ? " ORDER BY " + id.sql() : "";
    // One query per level still, but each parent reads at most one row more than the cap (the
    // extra row tells the renderer to say _has_more), through the target key's index.
    this.select = "SELECT brisk_rows.* FROM unnest($1::" + sqlArrayType(keyType)
        + ") AS brisk_keys(k) CROSS JOIN LATERAL (SELECT ";
    this.fromWhere = from + " = brisk_keys.k" + order + " LIMIT " + (limits.maxPerParent() + 1L)
        + ") brisk_rows";
  }

  private static String sqlArrayType(FieldType keyType) {
    return switch (keyType) {
      case LONG -> "bigint[]";
      case INT -> "integer[]";
      case UUID -> "uuid[]";
      default -> "text[]";
    };
  }

  @Override
  public Future<Map<Object, Object>> load(List<Object> keys, FieldMask subMask) {
    if (subMask.resource() != embed.target()) {
      return Future.failedFuture(new IllegalArgumentException("mask " + subMask
          + " does not select from " + embed.target().name()));
    }
    Tuple keyArray = Tuple.tuple().addValue(Keys.array(embed.targetKeyType(), keys));
    return sql.query(select + subMask.projection() + fromWhere, keyArray)
        .compose(rows -> render(rows, subMask));
  }

  private Future<Map<Object, Object>> render(RowSet<Row> rowSet, FieldMask subMask) {
    List<Row> rows = new ArrayList<>(rowSet.size());
    rowSet.forEach(rows::add);
    return renderer.render(rows, subMask).map(json -> group(rows, json));
  }

  private Map<Object, Object> group(List<Row> rows, List<JsonObject> json) {
    Map<Object, Object> byKey = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Object key = Keys.read(rows.get(i), KEY_LABEL);
      if (embed.cardinality() == Cardinality.ONE) {
        byKey.putIfAbsent(key, json.get(i));
      } else {
        ((JsonArray) byKey.computeIfAbsent(key, k -> new JsonArray())).add(json.get(i));
      }
    }
    return byKey;
  }
}
