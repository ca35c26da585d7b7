package dev.brisk.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ResourceReader} inside {@code /api/batch}: each reader answers its own lookups although
 * their batched DataLoaders share the resource's name.
 */
class ReaderBatchTest {

  private static final String SCHEMA = """
      DROP TABLE IF EXISTS reader_left, reader_right, reader_tag;
      CREATE TABLE reader_tag (id bigint PRIMARY KEY, label text NOT NULL);
      CREATE TABLE reader_left (id bigint PRIMARY KEY, name text NOT NULL, tag_id bigint);
      CREATE TABLE reader_right (id bigint PRIMARY KEY, name text NOT NULL);
      INSERT INTO reader_tag VALUES (1, 'tag 1');
      INSERT INTO reader_left VALUES (1, 'left 1', 1), (2, 'left 2', 1);
      INSERT INTO reader_right VALUES (1, 'right 1'), (2, 'right 2');
      """;

  static final Resource TAG = Resource.builder("tag", "reader_tag", "t")
      .field("id", "id", FieldType.LONG).field("label", "label", FieldType.TEXT).build();
  /** Two resources with one name over two tables. */
  static final Resource LEFT = Resource.builder("item", "reader_left", "l")
      .field("id", "id", FieldType.LONG).field("name", "name", FieldType.TEXT)
      .field("inverse", "10 / (l.id - 2)", FieldType.LONG, Inclusion.ON_REQUEST)
      .embedOne("tag", "tag_id", TAG).build();
  static final Resource RIGHT = Resource.builder("item", "reader_right", "r")
      .field("id", "id", FieldType.LONG).field("name", "name", FieldType.TEXT).build();

  /** Answers every {@code item.tag} embed without SQL. */
  static final EmbedLoader STUB_TAGS = (keys, mask) -> {
    Map<Object, Object> byKey = new HashMap<>();
    keys.forEach(key -> byKey.put(key, new JsonObject().put("label", "stub " + key)));
    return Future.succeededFuture(byKey);
  };

  static final class App implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().pool().query(SCHEMA).execute().mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      ResourceReader left = ResourceReader.create(LEFT, context.db(), null);
      serve(routes, "/left/:id", left);
      serve(routes, "/right/:id", ResourceReader.create(RIGHT, context.db(), null));
      serve(routes, "/stubbed/:id",
          left.withEmbedLoaders(EmbedLoaders.of(Map.of("item.tag", STUB_TAGS))));
      BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
          .register(routes, "/batch");
    }

    private static void serve(Routes routes, String path, ResourceReader reader) {
      routes.get(path, Access.open(), ctx -> reader.byId(
          FieldMask.parse(reader.resource(), ctx.queryParams().get("fields")),
          Requests.pathId(ctx, "id")).map(Reply::ok));
    }
  }

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(App::new);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<JsonObject> batch(String... paths) {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < paths.length; i++) {
      requests.add(new JsonObject().put("id", "r" + i).put("method", "GET").put("path", paths[i]));
    }
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.POST, "/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(o -> ((JsonObject) o).getJsonObject("body")).toList();
  }

  @Test
  void two_readers_of_one_resource_name_each_read_their_own_table() {
    List<JsonObject> bodies = batch("/left/1", "/right/1", "/right/2", "/left/2");
    assertThat(bodies).extracting(b -> b.getString("name"))
        .containsExactly("left 1", "right 1", "right 2", "left 2");
  }

  @Test
  void a_lookup_whose_statement_fails_fails_only_the_sub_requests_of_its_mask() {
    // One DataLoader batch, one statement per mask: row 2's inverse divides by zero.
    JsonArray requests = new JsonArray();
    List.of("/left/2?fields=inverse", "/left/1?fields=name", "/left/2?fields=id,name")
        .forEach(path -> requests.add(new JsonObject().put("id", "r" + requests.size())
            .put("method", "GET").put("path", path)));
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.POST, "/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json"));
    List<JsonObject> responses = r.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(o -> (JsonObject) o).toList();
    // PostgreSQL's division_by_zero is a data error: 422 for the sub-request that read it.
    assertThat(responses).extracting(e -> e.getInteger("status")).containsExactly(422, 200, 200);
    assertThat(responses.get(1).getJsonObject("body").getString("name")).isEqualTo("left 1");
    assertThat(responses.get(2).getJsonObject("body").getString("name")).isEqualTo("left 2");
  }

  @Test
  void a_readers_own_embed_loaders_are_used_in_a_batch() {
    List<JsonObject> bodies = batch("/left/1?fields=name,tag", "/stubbed/1?fields=name,tag",
        "/stubbed/2?fields=tag(label)");
    assertThat(bodies).extracting(b -> b.getJsonObject("tag").getString("label"))
        .containsExactly("tag 1", "stub 1", "stub 1");
    assertThat(bodies.get(1).getString("name")).isEqualTo("left 1");
  }
}
