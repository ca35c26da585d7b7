package dev.brisk.fields;

import dev.brisk.internal.RowMap;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes rows, then loads each selected embed once for all rows and attaches the results, at most
 * {@link EmbedLimits#maxPerParent()} per parent. Counts every embedded object the response will
 * hold against the budget of the request's caller's tier ({@link EmbedLimits#maxRowsFor})
 * before attaching any.
 */
final class DefaultRenderer implements Renderer {
  private final EmbedLoaders loaders;
  private final EmbedLimits limits;

  DefaultRenderer(EmbedLoaders loaders, EmbedLimits limits) {
    this.loaders = Objects.requireNonNull(loaders, "loaders");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public Future<JsonObject> renderOne(Row row, FieldMask mask) {
    if (!mask.embeds().isEmpty()) {
      return render(List.of(row), mask).map(list -> list.get(0));
    }
    // The common single-row read: no lists, no embed bookkeeping.
    try {
      return Future.succeededFuture(new Projection.Writer(mask).write(row));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<List<JsonObject>> render(Iterable<Row> rows, FieldMask mask) {
    List<Row> list = new ArrayList<>();
    List<JsonObject> out = new ArrayList<>();
    List<Object[]> keysPerEmbed = new ArrayList<>();
    Projection.Writer writer = new Projection.Writer(mask);
    try {
      for (Row row : rows) {
        list.add(row);
        out.add(writer.write(row));
      }
      for (Embed embed : mask.embeds()) {
        keysPerEmbed.add(keysOf(embed, list));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (out.isEmpty() || keysPerEmbed.isEmpty()) {
      return Future.succeededFuture(out);
    }
    List<Future<Map<Object, Object>>> loads = new ArrayList<>();
    for (int e = 0; e < keysPerEmbed.size(); e++) {
      Embed embed = mask.embeds().get(e);
      loads.add(load(embed, distinct(keysPerEmbed.get(e)), mask.sub(embed)));
    }
    return Future.all(loads).map(done -> {
      long embedded = 0;
      for (int e = 0; e < loads.size(); e++) {
        embedded += embedded(keysPerEmbed.get(e), loads.get(e).result(),
            mask.sub(mask.embeds().get(e)));
      }
      // Counted before anything is attached or copied: an answer over the budget allocates
      // nothing more.
      Problem overBudget = RowBudget.take(embedded, limits);
      if (overBudget != null) {
        throw overBudget;
      }
      for (int e = 0; e < loads.size(); e++) {
        attach(mask.embeds().get(e), keysPerEmbed.get(e), loads.get(e).result(), out);
      }
      return out;
    });
  }

  /**
   * The embedded objects that attaching an embed's {@code loaded} values adds to the response.
   * A loaded value's first parent in the request adds its own rows (capped per parent): what
   * they embed was counted when they were rendered. Each further parent, in this rendering or
   * another of the request (a batch's sub-requests share loaded values), adds everything the
   * value holds at every level, since the value is written again for it:
   * {@code products(category(products))} on a page of 100 holds 100 x 100 products, not the 100
   * a category has.
   */
  private long embedded(Object[] keys, Map<Object, Object> loaded, FieldMask subMask) {
    if (loaded == null) {
      return 0;
    }
    Set<Object> seen = RowBudget.attachedSoFar();
    Map<Object, Long> weights = new IdentityHashMap<>();
    long embedded = 0;
    for (Object key : keys) {
      Object value = key == null ? null : loaded.get(key);
      if (value == null) {
        continue;
      }
      if (seen.add(value)) {
        embedded += value instanceof List<?> list ? capped(list.size())
            : value instanceof JsonArray array ? capped(array.size()) : 1;
      } else {
        embedded += weights.computeIfAbsent(value, v -> weight(v, subMask));
      }
    }
    return embedded;
  }

  /** Objects in {@code value} at every level of {@code mask}, each list capped per parent. */
  private long weight(Object value, FieldMask mask) {
    if (value instanceof JsonObject object) {
      long weight = 1;
      for (Embed embed : mask.embeds()) {
        // getValue wraps members held as a Map or a List.
        weight += weight(object.getValue(embed.name()), mask.sub(embed));
      }
      return weight;
    }
    JsonArray list = value instanceof JsonArray array ? array
        : value instanceof List<?> items ? new JsonArray(new ArrayList<Object>(items)) : null;
    long weight = 0;
    for (int i = 0; list != null && i < capped(list.size()); i++) {
      weight += weight(list.getValue(i), mask);
    }
    return weight;
  }

  private int capped(int size) {
    return Math.min(size, limits.maxPerParent());
  }

  /** Each row's normalized key for {@code embed}, in row order. */
  private static Object[] keysOf(Embed embed, List<Row> rows) {
    Object[] keys = new Object[rows.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Keys.read(rows.get(i), embed.keyColumn());
    }
    return keys;
  }

  /** The distinct non-null keys in first-seen order; null keys are never looked up. */
  private static Set<Object> distinct(Object[] keys) {
    Set<Object> distinct = new LinkedHashSet<>();
    for (Object key : keys) {
      if (key != null) {
        distinct.add(key);
      }
    }
    return distinct;
  }

  private Future<Map<Object, Object>> load(Embed embed, Set<Object> keys, FieldMask subMask) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Collections.emptyMap());
    }
    EmbedLoader loader = loaders.loaderFor(embed);
    if (loader == null) {
      return Future.failedFuture(
          new IllegalStateException("no EmbedLoader for embed " + embed.qualifiedName()));
    }
    try {
      Future<Map<Object, Object>> loaded = loader.load(List.copyOf(keys), subMask);
      return loaded != null ? loaded : Future.failedFuture(
          new IllegalStateException("EmbedLoader for " + embed.qualifiedName() + " returned null"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Sets each row's embed value, capped per parent; a value shared by several rows is copied
   * after its first use.
   */
  private void attach(Embed embed, Object[] keys, Map<Object, Object> loaded,
      List<JsonObject> out) {
    Map<Object, Boolean> used = new IdentityHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      Object value = keys[i] == null || loaded == null ? null : loaded.get(keys[i]);
      Object shaped = shape(embed, value);
      if (shaped != null && used.put(shaped, Boolean.TRUE) != null) {
        // Rendered rows keep their member order through this copy (JsonObject.copy() would not).
        shaped = RowMap.copy(shaped);
      }
      out.get(i).put(embed.name(), shaped);
      if (shaped instanceof JsonArray list && list.size() > limits.maxPerParent()) {
        JsonArray capped = new JsonArray();
        for (int k = 0; k < limits.maxPerParent(); k++) {
          capped.add(list.getValue(k));
        }
        shaped = capped;
        out.get(i).put(embed.name(), shaped);
        out.get(i).put(embed.name() + "_has_more", true);
        Counter.builder("brisk.embed.capped")
            .description("Embedded lists cut at the per-parent cap (their _has_more is true)")
            .tag("embed", embed.qualifiedName()).register(Metrics.globalRegistry).increment();
      }
    }
  }

  private static Object shape(Embed embed, Object value) {
    if (embed.cardinality() == Cardinality.ONE) {
      if (value == null || value instanceof JsonObject) {
        return value;
      }
    } else {
      if (value == null) {
        return new JsonArray();
      }
      if (value instanceof JsonArray) {
        return value;
      }
      if (value instanceof List) {
        return new JsonArray(new ArrayList<>((List<?>) value));
      }
    }
    throw new IllegalStateException("EmbedLoader for " + embed.qualifiedName()
        + " returned a " + value.getClass().getName() + " value");
  }
}
