package dev.brisk.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Follows a list endpoint's pages for the endpoint tests. */
final class PageWalk {

  private PageWalk() {
  }

  /**
   * The {@code id} of every row of every page of {@code uri} on {@code app}, following each
   * {@code next_cursor}; each page must be a 200.
   */
  static List<Long> ids(TestBrisk app, String uri) {
    List<Long> ids = new ArrayList<>();
    String next = uri;
    while (next != null) {
      HttpResponse<Buffer> r = app.get(next);
      assertThat(r.statusCode()).as(next + " " + r.bodyAsString()).isEqualTo(200);
      JsonObject page = r.bodyAsJsonObject();
      page.getJsonArray("data").forEach(o -> ids.add(((JsonObject) o).getLong("id")));
      String cursor = page.getJsonObject("page").getString("next_cursor");
      next = cursor == null ? null
          : uri + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }
    return ids;
  }
}
