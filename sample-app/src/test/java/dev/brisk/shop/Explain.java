package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.fields.ResourceReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.MultiMap;
import io.vertx.sqlclient.Row;

/** Runs {@code EXPLAIN} on the statements list endpoints build. */
public final class Explain {

  private Explain() {
  }

  /** Query parameters as the endpoint sees them. */
  public static MultiMap query(String query) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        map.add(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return map;
  }

  /** Asserts the plan reads through an index and never scans a table sequentially. */
  public static void assertIndexScan(ResourceReader.Statement statement, String label) {
    Object[] values = new Object[statement.params().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = statement.params().getValue(i);
    }
    Row plan = TestShop.sql("EXPLAIN (FORMAT JSON) " + statement.sql(), values).iterator().next();
    String json = ((JsonArray) plan.getValue(0)).encode();
    assertThat(json).as(label + ": " + statement.sql() + "\n" + json)
        .doesNotContain("Seq Scan").contains("Index");
  }
}
