package dev.brisk.fields;

import static dev.brisk.fields.CacheCoverage.tagsOf;
import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.cache.CacheKey;
import dev.brisk.cache.Validator;
import dev.brisk.db.Db;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row versions derived from declarations, against real PostgreSQL: after any write, every
 * representation that changed has a new ETag and shares a tag with what {@link
 * RowVersions#written} invalidates for that write, so no cached copy outlives it.
 */
class RowVersionsTest {

  private static final String SCHEMA = """
      DROP TABLE IF EXISTS rv_categories, rv_products, rv_users, rv_orders, rv_items, rv_notes;
      CREATE TABLE rv_categories (id integer PRIMARY KEY, name text NOT NULL);
      CREATE TABLE rv_products (id bigint PRIMARY KEY, name text NOT NULL, category_id bigint);
      CREATE TABLE rv_users (id bigint PRIMARY KEY, name text NOT NULL);
      CREATE TABLE rv_orders (id bigint PRIMARY KEY, user_id bigint, status text NOT NULL);
      CREATE TABLE rv_items (order_id bigint NOT NULL, line integer NOT NULL,
          product_id bigint, quantity integer NOT NULL, PRIMARY KEY (order_id, line));
      INSERT INTO rv_categories SELECT g, 'category ' || g FROM generate_series(1, 4) g;
      INSERT INTO rv_products SELECT g, 'product ' || g, CASE WHEN g < 12 THEN g % 4 + 1 END
          FROM generate_series(1, 12) g;
      INSERT INTO rv_users SELECT g, 'user ' || g FROM generate_series(1, 3) g;
      INSERT INTO rv_orders SELECT g, g % 3 + 1, 'placed' FROM generate_series(1, 6) g;
      INSERT INTO rv_items SELECT o, k, (o * 5 + k) % 12 + 1, k + 1
          FROM generate_series(1, 5) o, generate_series(1, 3) k WHERE k <= o % 3 + 1;
      CREATE TABLE rv_notes (id uuid PRIMARY KEY, body text NOT NULL, user_id bigint);
      INSERT INTO rv_notes VALUES ('6b0f7c9e-2d7a-4c55-9e0b-0c3f4a1d2e77', 'note', 2);
      """;

  static final Resource CATEGORY = Resource.builder("category", "rv_categories", "c")
      .field("id", "id", INT)
      .field("name", "name", TEXT)
      .embedMany("products", () -> RowVersionsTest.PRODUCT, "category_id")
      .build();
  static final Resource PRODUCT = Resource.builder("product", "rv_products", "p")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .field("category_id", "category_id", LONG)
      .embedOne("category", "category_id", () -> CATEGORY)
      .build();
  static final Resource USER = Resource.builder("user", "rv_users", "u")
      .field("id", "id", LONG)
      .field("name", "name", TEXT)
      .build();
  /** No id: items are versioned as their order's list. */
  static final Resource ITEM = Resource.builder("item", "rv_items", "i")
      .field("line", "line", INT)
      .field("quantity", "quantity", INT)
      .field("product_id", "product_id", LONG)
      .embedOne("product", "product_id", PRODUCT)
      .orderBy("i.line")
      .build();
  static final Resource ORDER = Resource.builder("order", "rv_orders", "o")
      .field("id", "id", LONG)
      .field("status", "status", TEXT)
      .field("user_id", "user_id", LONG)
      .embedMany("items", ITEM, "order_id")
      .embedOne("user", "user_id", USER)
      .build();
  /** UUID keys. */
  static final Resource NOTE = Resource.builder("note", "rv_notes", "n")
      .field("id", "id", FieldType.UUID)
      .field("body", "body", TEXT)
      .embedOne("user", "user_id", USER)
      .build();
  private static final String NOTE_ID = "6b0f7c9e-2d7a-4c55-9e0b-0c3f4a1d2e77";
  private static final Map<String, Resource> BY_NAME = Map.of("note", NOTE, "category", CATEGORY,
      "product", PRODUCT, "user", USER, "order", ORDER);

  /** Representations watched while the data changes: resource, id range, masks. */
  private static final Map<Resource, List<String>> WATCHED = new LinkedHashMap<>();

  static {
    WATCHED.put(PRODUCT, List.of("id,name", "name,category(name)",
        "id,category(name,products(id,name))"));
    WATCHED.put(CATEGORY, List.of("name", "name,products(name)",
        "id,products(id,category(id,name))"));
    WATCHED.put(ORDER, List.of("status", "status,items(quantity)",
        "status,items(quantity,product(name,category(name))),user(name)"));
    WATCHED.put(USER, List.of("name"));
  }

  private static RowVersions versions;
  private static Db db;
  private static MeterRegistry registry;
  private static TestBrisk app;

  static final class App implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().pool().query(SCHEMA).execute().mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      db = context.db();
      registry = context.registry();
      versions = RowVersions.of(db, List.of(ORDER, CATEGORY, NOTE));
      BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
          .register(routes, "/batch");
      // A representation with its validator, or 404 when its row is gone.
      routes.get("/probe/:resource/:id", Access.open(), ctx -> {
        Resource resource = BY_NAME.get(ctx.pathParam("resource"));
        Object id = resource == NOTE ? UUID.fromString(ctx.pathParam("id"))
            : Long.parseLong(ctx.pathParam("id"));
        FieldMask mask = FieldMask.parse(resource, ctx.queryParams().get("fields"));
        CacheKey key = CacheKey.of(resource.name(), id, mask.canonical());
        return versions.validator(key).compose(v -> ResourceReader.create(resource, db, null)
            .byId(mask, id).map(json -> Reply.ok(probe(json, v))));
      });
      // The same validator read inside a transaction.
      routes.get("/in-transaction/:resource/:id", Access.open(), ctx -> {
        Resource resource = BY_NAME.get(ctx.pathParam("resource"));
        FieldMask mask = FieldMask.parse(resource, ctx.queryParams().get("fields"));
        CacheKey key = CacheKey.of(resource.name(), ctx.pathParam("id"), mask.canonical());
        return db.inTransaction(tx -> versions.read(tx, key))
            .map(v -> Reply.ok(probe(new JsonObject(), Validator.of(key, v))));
      });
      // The validator of a row alone as an endpoint with rowVersion(...) builds it.
      routes.get("/row-version/product/:id", Access.open(), ctx -> {
        long id = Long.parseLong(ctx.pathParam("id"));
        CacheKey key = CacheKey.of("product", id, FieldMask.parse(PRODUCT, "id,name").canonical());
        return ResourceReader.create(PRODUCT, db, null)
            .versionOf(id, versions.rowVersion(PRODUCT))
            .map(v -> Validator.of(key, Map.of("product:" + id, v)))
            .map(v -> Reply.ok(probe(new JsonObject(), v)));
      });
      // Test data changes (this test's own statements).
      routes.post("/write", Access.open(),
          ctx -> db.query(ctx.body().asString()).map(rows -> Reply.empty(204)));
    }

    private static JsonObject probe(JsonObject json, Validator v) {
      return new JsonObject().put("json", json).put("etag", v.etag())
          .put("tags", new JsonArray(new ArrayList<>(v.tags())));
    }
  }

  /** One kind of write: its SQL and the tags it invalidates, for random ids. */
  private record Write(String name, Function<SplittableRandom, Step> step) {
  }

  private record Step(String sql, List<String> tags) {
  }

  private static final List<Write> WRITES = List.of(
      row("rename a product", PRODUCT, 15,
          (r, id) -> "UPDATE rv_products SET name = name || '+' WHERE id = " + id),
      row("move a product", PRODUCT, 15, (r, id) -> "UPDATE rv_products SET category_id = "
          + r.nextInt(1, 5) + " WHERE id = " + id),
      row("uncategorize a product", PRODUCT, 15,
          (r, id) -> "UPDATE rv_products SET category_id = NULL WHERE id = " + id),
      new Write("add a product", r -> {
        long id = r.nextLong(13, 16);
        return new Step("INSERT INTO rv_products VALUES (" + id + ", 'new " + id + "', "
            + r.nextInt(1, 5) + ") ON CONFLICT (id) DO NOTHING",
            versions.written(PRODUCT, List.of()));
      }),
      row("delete a product", PRODUCT, 15,
          (r, id) -> "DELETE FROM rv_products WHERE id = " + id),
      row("rename a category", CATEGORY, 4,
          (r, id) -> "UPDATE rv_categories SET name = name || '+' WHERE id = " + id),
      // Items written under their order: only that order's list is invalidated.
      new Write("change a quantity", r -> {
        long order = r.nextLong(1, 7);
        return new Step("UPDATE rv_items SET quantity = quantity + 1 WHERE order_id = " + order
            + " AND line = 1", versions.written(ITEM, List.of(), ORDER.embed("items"),
            List.of(order)));
      }),
      new Write("add an item", r -> {
        long order = r.nextLong(1, 7);
        return new Step("INSERT INTO rv_items SELECT " + order + ", coalesce(max(line), 0) + 1, "
            + r.nextInt(1, 16) + ", 1 FROM rv_items", versions.written(ITEM, List.of(),
            ORDER.embed("items"), List.of(order)));
      }),
      new Write("move an item", r -> {
        long from = r.nextLong(1, 7);
        long to = r.nextLong(1, 7);
        return new Step("UPDATE rv_items SET order_id = " + to + " WHERE order_id = " + from
            + " AND line = (SELECT max(line) FROM rv_items WHERE order_id = " + from + ")",
            versions.written(ITEM, List.of(), ORDER.embed("items"), List.of(from, to)));
      }),
      row("rename a user", USER, 3,
          (r, id) -> "UPDATE rv_users SET name = name || '+' WHERE id = " + id),
      row("change an order's status", ORDER, 6,
          (r, id) -> "UPDATE rv_orders SET status = status || '+' WHERE id = " + id));

  /** A write to one row of {@code resource} with an id from 1 to {@code maxId}. */
  private static Write row(String name, Resource resource, int maxId,
      BiFunction<SplittableRandom, Long, String> sql) {
    return new Write(name, r -> {
      long id = r.nextLong(1, maxId + 1);
      return new Step(sql.apply(r, id), versions.written(resource, List.of(id)));
    });
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
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> changedBy = new LinkedHashMap<>();
    for (int n = 0; n < 80; n++) {
      Write write = WRITES.get(random.nextInt(WRITES.size()));
      Step step = write.step().apply(random);
      CacheCoverage.write(app, step.sql());
      Map<String, JsonObject> after = probeAll();
      if (CacheCoverage.check(before, after, step.sql(), step.tags())) {
        changedBy.merge(write.name(), 1, Integer::sum);
      }
      before = after;
    }
    // The walk changed what each kind of write can change (the check above is not vacuous).
    assertThat(changedBy.keySet()).contains("rename a product", "move a product",
        "add a product", "delete a product", "rename a category", "change a quantity",
        "add an item", "move an item", "rename a user", "change an order's status");
  }

  @Test
  void an_unchanged_representation_keeps_its_etag_and_a_transaction_reads_the_same() {
    String mask = "status,items(quantity,product(name,category(name))),user(name)";
    JsonObject first = probe("order", 2, mask);
    JsonObject again = probe("order", 2, mask);
    assertThat(again.getString("etag")).isEqualTo(first.getString("etag"));
    assertThat(get("/in-transaction/order/2?fields=" + encode(mask)).getString("etag"))
        .isEqualTo(first.getString("etag"));
    // Tags: the order, its item list, its user, each product shown and its category.
    assertThat(tagsOf(first)).contains("order:2", "order", "order-items:2", "order-items",
        "user:" + (2 % 3 + 1), "product", "category");
  }

  @Test
  void lookups_of_one_shape_in_one_turn_share_one_statement_under_one_meter_tag() {
    String mask = "status,items(quantity)";
    DistributionSummary batches = registry.find("brisk.batch.size")
        .tag("loader", "row-versions:order").summary();
    long countBefore = batches == null ? 0 : batches.count();
    double keysBefore = batches == null ? 0 : batches.totalAmount();
    JsonArray requests = new JsonArray();
    for (int id = 1; id <= 3; id++) {
      requests.add(new JsonObject().put("id", "r" + id).put("method", "GET")
          .put("path", "/probe/order/" + id + "?fields=" + encode(mask)));
    }
    HttpResponse<Buffer> r = await(app.send(HttpMethod.POST, "/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("responses")).hasSize(3)
        .allSatisfy(each -> assertThat(((JsonObject) each).getInteger("status")).isEqualTo(200));
    batches = registry.get("brisk.batch.size").tag("loader", "row-versions:order").summary();
    assertThat(batches.count() - countBefore).isEqualTo(1);
    assertThat(batches.totalAmount() - keysBefore).isEqualTo(3.0);
  }

  @Test
  void a_row_alone_has_the_validator_its_row_version_gives() {
    JsonObject probed = probe("product", 3, "id,name");
    assertThat(get("/row-version/product/3").getString("etag"))
        .isEqualTo(probed.getString("etag"));
    assertThat(versions.rowVersion(PRODUCT)).isEqualTo("p.xmin");
    assertThat(tagsOf(probed)).containsExactlyInAnyOrder("product:3", "product");
  }

  @Test
  void a_missing_row_is_404_and_a_write_names_rows_lists_and_pages() {
    HttpResponse<Buffer> missing = app.get("/probe/product/999");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Product 999 does not exist");
    assertThat(versions.written(PRODUCT, List.of(5, 6L)))
        .containsExactly("product:5", "product:6", "category-products", "pages:product");
    assertThat(versions.written(ITEM, List.of())).containsExactly("order-items", "pages:item");
    assertThat(versions.written(ITEM, List.of(), ORDER.embed("items"), List.of(7, 8L)))
        .containsExactly("pages:item", "order-items:7", "order-items:8");
    assertThatThrownBy(() -> versions.written(PRODUCT, List.of(), ORDER.embed("items"),
        List.of(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order.items is not a list of product");
    assertThat(versions.written(USER, List.of(1L))).containsExactly("user:1", "pages:user");
  }

  @Test
  void uuid_keys_are_tags_and_a_malformed_one_is_404() {
    JsonObject note = probe("note", NOTE_ID, "body,user(name)");
    assertThat(tagsOf(note)).containsExactlyInAnyOrder("note:" + NOTE_ID, "note", "user:2",
        "user");
    assertThat(get("/in-transaction/note/" + NOTE_ID + "?fields=" + encode("body,user(name)"))
        .getString("etag")).isEqualTo(note.getString("etag"));
    assertThat(versions.written(NOTE, List.of(UUID.fromString(NOTE_ID))))
        .containsExactly("note:" + NOTE_ID, "pages:note");
    HttpResponse<Buffer> malformed = app.get("/in-transaction/note/not-a-uuid");
    assertThat(malformed.statusCode()).isEqualTo(404);
    assertThat(malformed.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Note not-a-uuid does not exist");
  }

  @Test
  void declarations_whose_keys_cannot_be_tags_are_refused() {
    Resource named = Resource.builder("tag", "rv_tags", "t").field("id", "id", TEXT).build();
    RowVersions text = RowVersions.of(db, List.of(named));
    assertThatThrownBy(() -> text.written(named, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag.id must be LONG, INT or UUID, was TEXT");
    Resource twin = Resource.builder("product", "rv_other", "x").field("id", "id", LONG).build();
    RowVersions twins = RowVersions.of(db, List.of(PRODUCT, twin));
    assertThatThrownBy(() -> twins.written(PRODUCT, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two resources are named 'product'");
    assertThatThrownBy(() -> RowVersions.of(db, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, JsonObject> probeAll() {
    Map<String, JsonObject> all = new LinkedHashMap<>();
    WATCHED.forEach((resource, masks) -> {
      int ids = resource == PRODUCT ? 15 : resource == CATEGORY ? 4 : resource == ORDER ? 6 : 3;
      for (int id = 1; id <= ids; id++) {
        for (String mask : masks) {
          String path = "/probe/" + resource.name() + "/" + id + "?fields=" + encode(mask);
          HttpResponse<Buffer> r = app.get(path);
          if (r.statusCode() == 404) {
            all.put(path, new JsonObject().putNull("json").put("etag", "").put("tags",
                new JsonArray()));
            continue;
          }
          assertThat(r.statusCode()).as("%s %s", path, r.bodyAsString()).isEqualTo(200);
          all.put(path, r.bodyAsJsonObject());
        }
      }
    });
    return all;
  }

  private static JsonObject probe(String resource, Object id, String mask) {
    return get("/probe/" + resource + "/" + id + "?fields=" + encode(mask));
  }

  private static JsonObject get(String path) {
    HttpResponse<Buffer> r = app.get(path);
    assertThat(r.statusCode()).as("%s %s", path, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static String encode(String mask) {
    return URLEncoder.encode(mask, StandardCharsets.UTF_8);
  }
}
