package dev.brisk.http;

import dev.brisk.auth.Access;
import com.google.protobuf.Int64Value;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.cache.ETags;
import dev.brisk.db.Sql;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny app that specifies the framework's HTTP behaviour without the shop: items to read and
 * write, a protobuf-capable reply, failures of each kind, an idempotent write and
 * {@code POST /api/batch} (at most 4 sub-requests, 2 KiB held back before it streams). Started
 * once per test JVM with a 1 KiB body limit.
 */
final class HttpTestApp implements BriskApp {

  /** The body limit the app runs with. */
  static final int MAX_BODY_BYTES = 1024;
  /** Sub-requests one batch may hold. */
  static final int MAX_BATCH = 4;
  /** Largest sub-response of a batch. */
  static final int MAX_SUB_RESPONSE = 4096;
  /** Largest sum of a batch's sub-responses. */
  static final int MAX_BATCH_TOTAL = 10_000;
  /** Output a batch holds back before it streams. */
  static final int MAX_BATCH_BUFFERED = 2048;
  /** How often the idempotent write's work ran, by its {@code note}. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
  /**
   * The body of {@code GET /precoded}, which it sends gzipped whatever the request asks: random
   * hex digits, so even gzipped it is over {@link Compression#MIN_BYTES}.
   */
  static final Buffer PRECODED = new JsonObject().put("pad", new BigInteger(32_000,
      new Random(7)).toString(16)).toBuffer();
  /** How often {@code POST /counted} ran; it answers JSON or, as declared, protobuf. */
  static final AtomicInteger COUNTED = new AtomicInteger();

  private static TestBrisk app;

  static synchronized TestBrisk app() {
    if (app == null) {
      app = TestBrisk.start(HttpTestApp::new, Map.of("max-body-bytes",
          Integer.toString(MAX_BODY_BYTES)));
      Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    }
    return app;
  }

  @Override
  public Future<Void> start(BriskContext context) {
    return context.db().query("CREATE TABLE IF NOT EXISTS kit_idempotency_keys (key text PRIMARY "
            + "KEY, fingerprint text NOT NULL, status integer, headers jsonb, body bytea, "
            + "created_at timestamptz NOT NULL DEFAULT now())")
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS kit_notes "
            + "(id bigserial PRIMARY KEY, note text NOT NULL)"))
        .mapEmpty();
  }

  @Override
  public void routes(Routes routes, BriskContext context) {
    // region idempotency
    Idempotency idempotency = Idempotency.create(context.vertx(), context.db(),
        "kit_idempotency_keys");
    routes.post("/notes", Access.open(), ctx -> idempotency.run(ctx, tx -> note(ctx, tx)));
    // endregion idempotency
    routes
        .get("/items/:id", Access.open(), ctx -> Future.succeededFuture(item(ctx)))
        .post("/items", Access.open(), ctx -> {
          JsonObject body = Requests.jsonBody(ctx);
          return Future.succeededFuture(Reply.created("/items/7", body.copy().put("id", 7)));
        })
        .patch("/items/:id", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(item(ctx).json().mergeIn(Requests.jsonBody(ctx)))))
        .delete("/items/:id", Access.open(), ctx -> Future.succeededFuture(Reply.empty(204)))
        .get("/numbers/:n", Access.open(), ctx -> Future.succeededFuture(Reply.ok(new JsonObject()
            .put("value", Requests.pathId(ctx, "n"))).withProtobuf(Int64Value.getDescriptor())))
        .get("/conflict", Access.open(),
            ctx -> Future.failedFuture(Problem.conflict("Item 1 is locked")))
        .get("/boom", Access.open(),
            ctx -> Future.failedFuture(new IllegalStateException("secret internals")))
        .get("/thrown", Access.open(), ctx -> {
          throw new IllegalArgumentException("thrown internals");
        })
        .post("/validated", Access.open(), HttpTestApp::validated)
        .get("/padded/:n", Access.open(), ctx -> Future.succeededFuture(Reply.ok(new JsonObject()
            .put("pad", "x".repeat((int) Requests.pathId(ctx, "n"))))))
        .get("/queries/:n", Access.open(), ctx -> queries(context.db(),
            Requests.pathId(ctx, "n")))
        .get("/after/:ms", Access.open(), ctx -> {
          Promise<Reply> later = Promise.promise();
          ctx.vertx().setTimer(Requests.pathId(ctx, "ms"),
              t -> later.tryComplete(Reply.ok(new JsonObject().put("done", true))));
          return later.future();
        })
        // A body compressed once and kept, as a reply naming its own coding sends it.
        .get("/precoded", Access.open(), ctx -> Future.succeededFuture(Reply.bytes(200,
            "application/json", Compression.compress("gzip", PRECODED))
            .withHeader("Content-Encoding", "gzip").withHeader("ETag", ETags.of(PRECODED))))
        .post("/echo", Access.open(), ctx -> Future.succeededFuture(Reply.bytes(200,
            ctx.request().getHeader("Content-Type"), ctx.body().buffer())))
        .raw(HttpMethod.GET, "/raw", Access.open(), ctx -> ctx.response().end("raw"))
        // A handler written for HTTP/1.1, whatever protocol the request came by.
        .raw(HttpMethod.GET, "/raw-closing", Access.open(), ctx -> ctx.response()
            .putHeader("Connection", "close").putHeader("Keep-Alive", "timeout=5").end("raw"))
        // A literal path that can be read and written: it always has a representation.
        .get("/stock", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("stock", 1))))
        .put("/stock", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(Requests.jsonBody(ctx))))
        // Literal paths declared after parameterised siblings that match them, one level deep
        // and deeper: they still own their paths for every method.
        .post("/items/import", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("imported", 0))))
        .get("/items/latest", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("latest", true))))
        .get("/shelves/:shelf/items/:id", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("shelf", ctx.pathParam("shelf")))))
        .patch("/shelves/:shelf/items/:id", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("shelf", ctx.pathParam("shelf")))))
        .get("/shelves/top/items/latest", Access.open(), ctx -> Future.succeededFuture(
            Reply.ok(new JsonObject().put("latest", true))))
        .documented(OperationDoc.summary("Counts a call")
            .returns(new JsonObject().put("type", "object"))
            .withProtobuf("google.protobuf.Int64Value"))
        .post("/counted", Access.open(), ctx -> Future.succeededFuture(Reply.ok(new JsonObject()
            .put("value", COUNTED.incrementAndGet())).withProtobuf(Int64Value.getDescriptor())));
    BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults()
            .withMaxRequests(MAX_BATCH).withMaxResponseBytes(MAX_SUB_RESPONSE)
            .withMaxTotalBytes(MAX_BATCH_TOTAL).withMaxBufferedBytes(MAX_BATCH_BUFFERED)
            .withRegistry(context.registry()))
        .register(routes, "/api/batch");
  }

  private static Reply item(RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    if (id > 100) {
      throw Problem.notFound("Item " + id + " does not exist");
    }
    return Reply.ok(new JsonObject().put("id", id).put("name", "item-" + id));
  }

  /** Runs {@code n} statements one after another, so Server-Timing has a known count. */
  private static Future<Reply> queries(Sql db, long n) {
    Future<Void> done = Future.succeededFuture();
    for (long i = 0; i < n; i++) {
      done = done.compose(x -> db.query("SELECT 1").mapEmpty());
    }
    return done.map(x -> Reply.ok(new JsonObject().put("queries", n)));
  }

  private static Future<Reply> validated(RoutingContext ctx) {
    JsonObject body = Requests.jsonBody(ctx);
    Validation v = new Validation();
    v.onlyKnown(body, "", Set.of("count", "name"));
    Long count = v.requiredLong(body, "", "count", 1, 10);
    v.optionalString(body, "", "name", 1, 5);
    v.throwIfInvalid();
    return Future.succeededFuture(Reply.ok(new JsonObject().put("count", count)));
  }

  /**
   * Inserts a note; {@code "fail": 409} fails with a conflict after the insert, {@code 500}
   * with an unexpected error.
   */
  private static Future<Reply> note(RoutingContext ctx, Sql tx) {
    JsonObject body = Requests.jsonBody(ctx);
    String note = body.getString("note");
    RUNS.computeIfAbsent(note, k -> new AtomicInteger()).incrementAndGet();
    return tx.query("INSERT INTO kit_notes (note) VALUES ($1) RETURNING id", Tuple.of(note))
        .compose(rows -> {
          Integer fail = body.getInteger("fail");
          if (fail != null) {
            return Future.failedFuture(fail == 409 ? Problem.conflict("Note " + note + " clashes")
                : new IllegalStateException("note store broke"));
          }
          long id = rows.iterator().next().getLong("id");
          return Future.succeededFuture(Reply.created("/notes/" + id,
              new JsonObject().put("id", id).put("note", note)));
        });
  }
}
