package dev.brisk.fields;

import static dev.brisk.fields.CacheCoverage.tagsOf;
import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.cache.CacheKey;
import dev.brisk.db.Db;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row versions of less common declarations, against real PostgreSQL: a self-referencing tree in
 * its own schema (one table at several depths of one mask), field SQL given as expressions, an
 * {@code int4} id its children reference as {@code bigint}, a to-one embed matched on a key
 * that is not the target's id, a to-one target without an id, keys that match no row.
 */
class RowVersionsShapesTest {

  private static final String SCHEMA = """
      DROP SCHEMA IF EXISTS rvs CASCADE;
      CREATE SCHEMA rvs;
      CREATE TABLE rvs.nodes (id integer PRIMARY KEY, parent_id bigint, no bigint,
          twin_no bigint, code text NOT NULL, name text NOT NULL);
      INSERT INTO rvs.nodes VALUES (1, NULL, 10, 100, 'a', 'one'), (2, 1, 20, 30, 'b', 'two'),
          (3, 1, 30, NULL, 'c', 'three'), (4, 2, 40, 10, 'd', 'four'),
          (5, 2, 50, NULL, 'e', 'five'), (6, 4, 60, NULL, 'f', 'six'),
          (7, 99, 70, NULL, 'g', 'seven'), (8, 4, 80, 80, 'h', 'eight');
      CREATE TABLE rvs.labels (node_id bigint NOT NULL, text text NOT NULL);
      INSERT INTO rvs.labels VALUES (1, 'first'), (2, 'second'), (4, 'fourth');
      """;

  /** No id: versioned as a list of its node. */
  static final Resource LABEL = Resource.builder("label", "rvs.labels", "l")
      .field("text", "l.text", TEXT)
      .build();
  /** The same rows as {@link #NODE} under another name: a write to nodes changes both. */
  static final Resource NODE_REF = Resource.builder("node_ref", "rvs.nodes", "r")
      .field("id", "id", INT)
      .field("name", "name", TEXT)
      .build();
  /** Keys given as expressions whose operators bind like {@code ||} ({@code #} is XOR). */
  static final Resource XOR = Resource.builder("xor", "rvs.nodes", "x")
      .field("id", "x.id # 0", INT)
      .field("up", "x.parent_id # 0", LONG)
      .embedOne("parent", "up", () -> RowVersionsShapesTest.NODE)
      .build();
  static final Resource NODE = Resource.builder("node", "rvs.nodes", "n")
      .field("id", "n.id", INT)
      .field("code", "upper(n.code)", TEXT)
      .field("name", "name", TEXT)
      .field("parent_id", "n.parent_id", LONG)
      .embedOne("parent", "parent_id", () -> RowVersionsShapesTest.NODE)
      .embedMany("children", () -> RowVersionsShapesTest.NODE, "parent_id")
      .embed("twin", Cardinality.ONE, "twin_no", () -> RowVersionsShapesTest.NODE, "no",
          Inclusion.ON_REQUEST)
      .embed("label", Cardinality.ONE, "id", () -> LABEL, "node_id", Inclusion.ON_REQUEST)
      .embedOne("ref", "parent_id", () -> NODE_REF)
      .embedMany("refs", () -> NODE_REF, "parent_id")
      .build();

  private static final List<String> MASKS = List.of(
      "name,parent(name,parent(name,parent(code)))",
      "code,children(name,children(name,children(code)))",
      "id,parent(children(name)),children(parent(name),label(text)),twin(name)",
      "name,label(text),twin(code,twin(name))",
      "name,ref(name),refs(name)");
  private static final int MAX_ID = 9;

  private static RowVersions versions;
  private static Db db;
  private static TestBrisk app;

  static final class App implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().pool().query(SCHEMA).execute().mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      db = context.db();
      versions = RowVersions.of(db, List.of(NODE));
      BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
          .register(routes, "/batch");
      routes.get("/probe/node/:id", Access.open(), ctx -> {
        FieldMask mask = FieldMask.parse(NODE, ctx.queryParams().get("fields"));
        CacheKey key = CacheKey.of("node", ctx.pathParam("id"), mask.canonical());
        return versions.validator(key).compose(v -> ResourceReader.create(NODE, db, null)
            .byId(mask, Long.parseLong(ctx.pathParam("id")))
            .map(json -> Reply.ok(new JsonObject().put("json", json).put("etag", v.etag())
                .put("tags", new JsonArray(new ArrayList<>(v.tags()))))));
      });
      // The rows alone, without versions.
      routes.get("/node/:id", Access.open(), ctx -> ResourceReader.create(NODE, db, null)
          .byId(FieldMask.parse(NODE, ctx.queryParams().get("fields")),
              Long.parseLong(ctx.pathParam("id"))).map(Reply::ok));
      routes.get("/in-transaction/node/:id", Access.open(), ctx -> {
        CacheKey key = CacheKey.of("node", ctx.pathParam("id"), "name");
        return db.inTransaction(tx -> versions.read(tx, key)).map(v -> Reply.ok(new JsonObject()));
      });
      // The validator alone, as an endpoint answering If-None-Match from versions uses it.
      routes.get("/validator/node/:id", Access.open(), ctx -> versions.validator(
          CacheKey.of("node", ctx.pathParam("id"), ctx.queryParams().get("fields")))
          .map(v -> Reply.ok(new JsonObject().put("etag", v.etag()))));
      RowVersions xor = RowVersions.of(db, List.of(XOR));
      routes.get("/validator/xor/:id", Access.open(), ctx -> xor.validator(
          CacheKey.of("xor", ctx.pathParam("id"), ctx.queryParams().get("fields")))
          .map(v -> Reply.ok(new JsonObject().put("etag", v.etag())
              .put("tags", new JsonArray(new ArrayList<>(v.tags()))))));
      routes.post("/write", Access.open(),
          ctx -> db.query(ctx.body().asString()).map(rows -> Reply.empty(204)));
    }
  }

  private record Step(String name, String sql, List<String> tags) {
  }

  /** A random write and the tags it invalidates. */
  private static Step write(SplittableRandom r) {
    long id = r.nextLong(1, MAX_ID + 1);
    List<String> node = versions.written(NODE, List.of(id));
    return switch (r.nextInt(7)) {
      case 0 -> new Step("rename", "UPDATE rvs.nodes SET name = name || '+', code = code || 'x'"
          + " WHERE id = " + id, node);
      case 1 -> new Step("reparent", "UPDATE rvs.nodes SET parent_id = "
          + (r.nextInt(4) == 0 ? "NULL" : String.valueOf(r.nextLong(1, MAX_ID + 1)))
          + " WHERE id = " + id + " AND id <> 1", node);
      case 2 -> new Step("insert", "INSERT INTO rvs.nodes VALUES (" + id + ", "
          + r.nextLong(1, 5) + ", " + id * 10 + ", NULL, 'n', 'new') ON CONFLICT DO NOTHING",
          node);
      case 3 -> new Step("delete", "DELETE FROM rvs.nodes WHERE id = " + id
          + " AND id > 1", node);
      case 4 -> new Step("renumber", "UPDATE rvs.nodes SET no = " + r.nextLong(1, MAX_ID + 2) * 10
          + " WHERE id = " + id, node);
      case 5 -> new Step("twin", "UPDATE rvs.nodes SET twin_no = " + r.nextLong(1, MAX_ID + 2) * 10
          + " WHERE id = " + id, node);
      default -> new Step("label", "INSERT INTO rvs.labels VALUES (" + id + ", 'x')",
          versions.written(LABEL, List.of(), NODE.embed("label"), List.of(id)));
    };
  }

  @BeforeAll
  static void start() {
    app = TestBrisk.start(App::new, Map.of("rate-limiting", "off"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void every_changed_representation_gets_a_new_etag_and_loses_its_cached_copy() {
    Map<String, JsonObject> before = probeAll();
    SplittableRandom random = new SplittableRandom(7);
    Set<String> changedBy = new HashSet<>();
    for (int n = 0; n < 120; n++) {
      Step step = write(random);
      CacheCoverage.write(app, step.sql());
      Map<String, JsonObject> after = probeAll();
      if (CacheCoverage.check(before, after, step.sql(), step.tags())) {
        changedBy.add(step.name());
      }
      before = after;
    }
    assertThat(changedBy).contains("rename", "reparent", "insert", "delete", "renumber", "twin",
        "label");
    assertThat(versions.written(NODE, List.of(2))).containsExactly("node:2", "node_ref:2",
        "node-children", "node-twin", "node-refs", "pages:node", "pages:node_ref");
  }

  /**
   * Clients choose masks, so the statements kept per mask are bounded: past the bound each
   * version read builds its statement anew, and its validator is the same as a kept one's.
   */
  @Test
  void statements_kept_per_mask_are_bounded_and_masks_past_the_bound_still_validate() {
    List<String> scalars = List.of("id", "code", "name", "parent_id");
    List<String> subsets = new ArrayList<>();
    for (int bits = 1; bits < 1 << scalars.size(); bits++) {
      List<String> subset = new ArrayList<>();
      for (int i = 0; i < scalars.size(); i++) {
        if ((bits & 1 << i) != 0) {
          subset.add(scalars.get(i));
        }
      }
      subsets.add(String.join(",", subset));
    }
    List<String> masks = new ArrayList<>();
    for (String parent : subsets) {
      for (String children : subsets) {
        for (String twin : subsets) {
          masks.add("name,parent(" + parent + "),children(" + children + "),twin(" + twin + ")");
        }
      }
    }
    int past = RowVersions.MAX_KEPT_MASKS + 50;
    String last = null;
    for (String mask : masks.subList(0, past)) {
      last = mask;
      HttpResponse<Buffer> r = app.get("/validator/node/1?fields=" + encode(mask));
      assertThat(r.statusCode()).as(mask).isEqualTo(200);
    }
    assertThat(versions.keptShapes()).isEqualTo(RowVersions.MAX_KEPT_MASKS);
    String etag = app.get("/validator/node/1?fields=" + encode(last)).bodyAsJsonObject()
        .getString("etag");
    assertThat(app.get("/validator/node/1?fields=" + encode(last)).bodyAsJsonObject()
        .getString("etag")).isEqualTo(etag);
    CacheCoverage.write(app, "UPDATE rvs.nodes SET name = name || '*' WHERE id = 1");
    assertThat(app.get("/validator/node/1?fields=" + encode(last)).bodyAsJsonObject()
        .getString("etag")).isNotEqualTo(etag);
  }

  @Test
  void an_int_id_beyond_int4_is_404_and_fails_no_other_lookup() {
    String huge = "/probe/node/4294967297?fields=name";
    assertThat(app.get(huge).statusCode()).isEqualTo(404);
    assertThat(app.get("/in-transaction/node/4294967297").statusCode()).isEqualTo(404);
    assertThat(app.get("/in-transaction/node/1").statusCode()).isEqualTo(200);
    JsonArray requests = new JsonArray()
        .add(new JsonObject().put("id", "one").put("method", "GET")
            .put("path", "/probe/node/1?fields=name"))
        .add(new JsonObject().put("id", "huge").put("method", "GET").put("path", huge));
    HttpResponse<Buffer> r = await(app.send(HttpMethod.POST, "/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(each -> ((JsonObject) each).getInteger("status")).toList())
        .as(r.bodyAsString()).containsExactly(200, 404);
  }

  @Test
  void a_reference_beyond_the_int4_range_of_its_target_shows_no_row() {
    await(app.send(HttpMethod.POST, "/write", Buffer.buffer("INSERT INTO rvs.nodes VALUES "
        + "(30, 4294967297, 300, NULL, 'x', 'far') ON CONFLICT DO NOTHING"), "Content-Type",
        "text/plain"));
    HttpResponse<Buffer> far = app.get("/probe/node/30?fields=" + encode("name,parent(name)"));
    assertThat(far.statusCode()).as(far.bodyAsString()).isEqualTo(200);
    assertThat(far.bodyAsJsonObject().getJsonObject("json").getValue("parent", "absent"))
        .isNull();
    // Read by id inside a batch (one statement for all ids): no row, the others unharmed.
    JsonArray requests = new JsonArray()
        .add(new JsonObject().put("id", "one").put("method", "GET").put("path", "/node/1"))
        .add(new JsonObject().put("id", "huge").put("method", "GET")
            .put("path", "/node/4294967297"));
    HttpResponse<Buffer> r = await(app.send(HttpMethod.POST, "/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json"));
    assertThat(r.bodyAsJsonObject().getJsonArray("responses").stream()
        .map(each -> ((JsonObject) each).getInteger("status")).toList())
        .as(r.bodyAsString()).containsExactly(200, 404);
  }

  @Test
  void keys_given_as_expressions_are_tags_whatever_their_operators() {
    HttpResponse<Buffer> r = app.get("/validator/xor/2?fields=" + encode("parent(name)"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    // Node 2's parent, whichever the other tests left it.
    assertThat(r.bodyAsJsonObject().getJsonArray("tags").getList()).contains("xor:2")
        .anyMatch(tag -> String.valueOf(tag).matches("node:\\d+"));
  }

  @Test
  void a_missing_row_is_404_even_when_rows_still_name_it() {
    await(app.send(HttpMethod.POST, "/write", Buffer.buffer("INSERT INTO rvs.nodes VALUES "
        + "(20, 98, 200, NULL, 'x', 'orphan'), (21, 20, 210, NULL, 'y', 'grandchild') "
        + "ON CONFLICT DO NOTHING"), "Content-Type",
        "text/plain"));
    assertThat(app.get("/validator/node/98?fields=" + encode("children(name)")).statusCode())
        .isEqualTo(404);
    assertThat(app.get("/validator/node/98?fields=" + encode("children(children(name))"))
        .statusCode()).isEqualTo(404);
    assertThat(app.get("/validator/node/98?fields=" + encode("children(parent(name))"))
        .statusCode()).isEqualTo(404);
    assertThat(app.get("/validator/node/not-a-number?fields=name").statusCode())
        .isEqualTo(404);
    assertThat(app.get("/validator/node/20?fields=" + encode("children(parent(name))"))
        .statusCode()).isEqualTo(200);
  }

  private static Map<String, JsonObject> probeAll() {
    Map<String, JsonObject> all = new LinkedHashMap<>();
    for (int id = 1; id <= MAX_ID; id++) {
      for (String mask : MASKS) {
        String path = "/probe/node/" + id + "?fields=" + encode(mask);
        HttpResponse<Buffer> r = app.get(path);
        if (r.statusCode() == 404) {
          all.put(path, new JsonObject().putNull("json"));
          continue;
        }
        assertThat(r.statusCode()).as("%s %s", path, r.bodyAsString()).isEqualTo(200);
        all.put(path, r.bodyAsJsonObject());
      }
    }
    return all;
  }

  private static String encode(String mask) {
    return URLEncoder.encode(mask, StandardCharsets.UTF_8);
  }
}
