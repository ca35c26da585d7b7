package dev.brisk.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The property the row-version tests check after each write: every representation whose JSON
 * changed has a new ETag and shares a tag with what the write invalidated, so no cached copy
 * outlives it. Representations are probes ({@code json}, {@code etag}, {@code tags}) by path.
 */
final class CacheCoverage {

  private CacheCoverage() {
  }

  /**
   * Asserts the property for the probes taken {@code before} and {@code after} the write
   * {@code sql} that invalidated {@code invalidated}; returns whether any representation changed
   * (a row that did not exist had nothing cached: a 404 probe has {@code json} null).
   */
  static boolean check(Map<String, JsonObject> before, Map<String, JsonObject> after,
      String sql, List<String> invalidated) {
    boolean changed = false;
    for (Map.Entry<String, JsonObject> e : after.entrySet()) {
      JsonObject was = before.get(e.getKey());
      JsonObject is = e.getValue();
      if (was == null || was.getValue("json") == null
          || was.getValue("json").equals(is.getValue("json"))) {
        continue;
      }
      changed = true;
      String what = e.getKey() + " after '" + sql + "'";
      assertThat(is.getString("etag")).as("%s", what).isNotEqualTo(was.getString("etag"));
      Set<String> shared = new HashSet<>(tagsOf(was));
      shared.retainAll(invalidated);
      assertThat(shared).as("%s: its tags %s, invalidated %s", what, tagsOf(was), invalidated)
          .isNotEmpty();
    }
    return changed;
  }

  /** Runs the test's statement {@code sql} through the app's {@code POST /write}. */
  static void write(TestBrisk app, String sql) {
    HttpResponse<Buffer> done = TestBrisk.await(app.send(HttpMethod.POST, "/write",
        Buffer.buffer(sql), "Content-Type", "text/plain"));
    assertThat(done.statusCode()).as("%s", sql).isEqualTo(204);
  }

  /** A probe's tags. */
  static List<String> tagsOf(JsonObject probe) {
    return probe.getJsonArray("tags").stream().map(String.class::cast).toList();
  }
}
