package dev.brisk.fields;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;

/**
 * Turns rows read with {@link FieldMask#projection()} into JSON objects holding exactly the
 * selected fields, then resolves the selected embeds: for each embed it collects the keys of ALL
 * rows and calls that embed's {@link EmbedLoader} once with the distinct keys and the sub-mask,
 * so a page of 100 orders with {@code items(product(name))} costs one call per embed level.
 *
 * <pre>{@code
 * Renderer renderer = Renderer.create(EmbedLoaders.sql(db));
 * renderer.render(rowSet, mask).map(data -> new JsonObject().put("data", data));
 * }</pre>
 *
 * <p>Thread-safe; the loaders of one render run concurrently. Runs on the caller's Vert.x context
 * (results complete where the loaders' futures complete) and never blocks.
 */
public interface Renderer {
  /** A renderer resolving embeds through {@code loaders}, with {@link EmbedLimits#defaults()}. */
  static Renderer create(EmbedLoaders loaders) {
    return new DefaultRenderer(loaders, EmbedLimits.defaults());
  }

  /**
   * A renderer resolving embeds through {@code loaders}: a to-many embed keeps at most
   * {@code limits.maxPerParent()} rows per parent and then carries {@code <name>_has_more: true};
   * a request embedding more than its caller's tier may ({@code limits.maxRowsFor(tier)}) in
   * all fails with a 413 problem.
   */
  static Renderer create(EmbedLoaders loaders, EmbedLimits limits) {
    return new DefaultRenderer(loaders, limits);
  }

  /**
   * Renders {@code rows} (e.g. a {@code RowSet}) in order. Fails with the first loader failure,
   * or with an {@link IllegalStateException} when an embed has no loader or a row lacks a column.
   */
  Future<List<JsonObject>> render(Iterable<Row> rows, FieldMask mask);

  /** Renders a single row: {@code renderer.renderOne(rows.iterator().next(), mask)}. */
  default Future<JsonObject> renderOne(Row row, FieldMask mask) {
    return render(List.of(row), mask).map(list -> list.get(0));
  }
}
