package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rendered rows ({@link RowMap}) behave as the ordered maps they replace: the fast writer's bytes
 * equal Jackson's for the same tree built of LinkedHashMaps, whatever members were laid out,
 * added later or removed.
 */
class RowMapTest {

  @Test
  void writes_the_bytes_jackson_writes_for_the_same_ordered_tree() {
    SplittableRandom random = new SplittableRandom(1515L);
    for (int i = 0; i < 2000; i++) {
      JsonObject tree = JsonWriterTest.object(random, 0);
      JsonObject rows = rows(tree, random);
      String expected = tree.toBuffer().toString(StandardCharsets.UTF_8);
      assertThat(JsonWriter.encode(rows).toString(StandardCharsets.UTF_8)).isEqualTo(expected);
      assertThat(rows.toBuffer().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
      assertThat(rows).isEqualTo(tree);
      assertThat(JsonWriter.encode(RowMap.copy(rows))).isEqualTo(JsonWriter.encode(rows));
    }
  }

  @Test
  void keeps_added_members_after_the_layout_and_forgets_removed_ones() {
    RowMap row = new RowMap(RowLayout.of(List.of("id", "items", "name")));
    row.set(0, 7L);
    JsonObject json = new JsonObject(row).put("items_has_more", true).put("items", List.of());
    json.remove("name");
    assertThat(json.encode()).isEqualTo("{\"id\":7,\"items\":[],\"items_has_more\":true}");
    assertThat(JsonWriter.encode(json).toString()).isEqualTo(json.encode());
    assertThat(json.size()).isEqualTo(3);
    assertThat(json.containsKey("name")).isFalse();
  }

  /**
   * The same tree with every object backed by a RowMap: a random prefix of its members laid
   * out (some of them removed again and re-added as extras), the rest added after.
   */
  static JsonObject rows(JsonObject tree, SplittableRandom r) {
    List<String> names = new ArrayList<>(tree.fieldNames());
    int laidOut = names.isEmpty() ? 0 : r.nextInt(names.size() + 1);
    RowMap row = new RowMap(RowLayout.of(names.subList(0, laidOut)));
    for (int i = 0; i < laidOut; i++) {
      row.set(i, converted(tree.getMap().get(names.get(i)), r));
    }
    for (String name : names.subList(laidOut, names.size())) {
      row.put(name, converted(tree.getMap().get(name), r));
    }
    return new JsonObject(row);
  }

  private static Object converted(Object value, SplittableRandom r) {
    if (value instanceof JsonObject json) {
      return rows(json, r);
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(converted(item instanceof Map<?, ?> m
          ? new JsonObject(cast(m)) : item, r)));
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
