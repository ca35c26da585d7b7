package dev.brisk.endpoint;

import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.UUID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.fields.Resource;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code get} of a resource whose {@code id} is a UUID: read, cached and described as one. */
class UuidIdsTest {

  private static final String TABLE = "uuid_ids_"
      + java.util.UUID.randomUUID().toString().replace("-", "");
  private static final String TAG = "0b8e6f4e-3c1d-4a59-9f0e-2d7c5b1a9e31";
  private static TestBrisk app;

  /** Tags with UUID ids, one served plainly and one through the cache. */
  static final class TagsApp implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      String table = context.config().require("tags-table");
      return context.db().query("CREATE TABLE " + table + " (id uuid PRIMARY KEY, name text "
              + "NOT NULL)")
          .compose(x -> context.db().query("INSERT INTO " + table + " VALUES ('" + TAG
              + "', 'fiction')"))
          .mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      Resource tag = Resource.builder("tag", context.config().require("tags-table"), "t")
          .field("id", "id", UUID)
          .field("name", "name", TEXT)
          .build();
      context.endpoint(tag, null).build()
          .get(routes, Mount.at("/api/tags/:id", Access.open()));
      context.endpoint(tag, null)
          .cached(context.cache(), RowVersions.of(context.db(), List.of(tag)))
          .build()
          .get(routes, Mount.at("/api/cached-tags/:id", Access.open()));
    }
  }

  @BeforeAll
  static void start() {
    app = TestBrisk.start(TagsApp::new, Map.of("tags-table", TABLE, "rate-limiting", "off"));
  }

  @AfterAll
  static void stop() {
    TestBrisk.await(app.running().context().db().query("DROP TABLE " + TABLE));
    app.close();
  }

  @Test
  void reads_one_row_by_its_uuid_in_either_case() {
    for (String path : List.of("/api/tags/", "/api/cached-tags/")) {
      HttpResponse<Buffer> one = app.get(path + TAG.toUpperCase());
      assertThat(one.statusCode()).as(one.bodyAsString()).isEqualTo(200);
      assertThat(one.bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("id", TAG).put("name", "fiction"));
      assertThat(app.get(path + TAG, "If-None-Match", one.getHeader("ETag")).statusCode())
          .isEqualTo(304);
    }
  }

  @Test
  void answers_an_id_that_is_no_uuid_400_and_an_absent_one_404() {
    HttpResponse<Buffer> malformed = app.get("/api/tags/42");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getString("detail"))
        .isEqualTo("id must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, was '42'");
    String absent = "0b8e6f4e-3c1d-4a59-9f0e-2d7c5b1a9e32";
    HttpResponse<Buffer> missing = app.get("/api/cached-tags/" + absent);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("detail")).contains(absent);
  }

  @Test
  void describes_the_path_id_as_a_uuid() {
    JsonObject id = app.get("/openapi.json").bodyAsJsonObject().getJsonObject("paths")
        .getJsonObject("/api/tags/{id}").getJsonObject("get").getJsonArray("parameters")
        .stream().map(JsonObject.class::cast).filter(p -> p.getString("name").equals("id"))
        .findFirst().orElseThrow();
    assertThat(id.getJsonObject("schema"))
        .isEqualTo(new JsonObject().put("type", "string").put("format", "uuid"));
  }
}
