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

/** Loads one embed for all keys with {@code ... WHERE key = ANY($1)}; see EmbedLoader#sql. */
final class SqlEmbedLoader implements EmbedLoader {
  static final String KEY_LABEL = "brisk_embed_key";

  private final Embed embed;
  private final Sql sql;
  private final Renderer renderer;
  private final String fromWhere;

  SqlEmbedLoader(Embed embed, Sql sql, EmbedLoaders nested) {
    FieldType keyType = embed.targetKeyType();
    if (keyType != FieldType.LONG && keyType != FieldType.INT && keyType != FieldType.TEXT
        && keyType != FieldType.UUID) {
      throw new IllegalArgumentException("SQL embed loader needs LONG, INT, TEXT or UUID keys; "
          + embed.qualifiedName() + " has " + keyType);
    }
    this.embed = embed;
    this.sql = sql;
    this.renderer = Renderer.create(nested);
    Resource target = embed.target();
    Field id = target.field("id");
    this.fromWhere = ", " + embed.targetKeySql() + " AS " + KEY_LABEL
        + " FROM " + target.table() + " " + target.alias()
        + " WHERE " + embed.targetKeySql() + " = ANY($1)"
        + (embed.cardinality() != Cardinality.MANY ? ""
            : target.order() != null ? " ORDER BY " + target.order()
            : id != null ? " ORDER BY " + id.sql() : "");
  }

  @Override
  public Future<Map<Object, Object>> load(List<Object> keys, FieldMask subMask) {
    if (subMask.resource() != embed.target()) {
      return Future.failedFuture(new IllegalArgumentException("mask " + subMask
          + " does not select from " + embed.target().name()));
    }
    Tuple keyArray = Tuple.tuple().addValue(Keys.array(embed.targetKeyType(), keys));
    return sql.query("SELECT " + subMask.projection() + fromWhere, keyArray)
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
