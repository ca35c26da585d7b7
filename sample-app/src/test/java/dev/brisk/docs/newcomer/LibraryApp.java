package dev.brisk.docs.newcomer;

import static dev.brisk.fields.FieldType.BOOL;
import static dev.brisk.fields.FieldType.DATE;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;
import static dev.brisk.fields.FieldType.UUID;
import static dev.brisk.fields.Inclusion.ON_REQUEST;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKey;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.cache.Cache;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.fields.Resource;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Assignments;
import dev.brisk.http.BodySchema;
import dev.brisk.http.CachedWrites;
import dev.brisk.http.Idempotency;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.openapi.OpenApiOptions;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A library API written from the docs alone: books (filtered, paged, embedded, patched with
 * {@code If-Match}), members and loans (created idempotently, exported as a stream), in the
 * schema its {@code library-schema} setting names.
 */
final class LibraryApp implements BriskApp {

  static final String INTERNAL_KEY = "library-internal";
  static final String MEMBER_KEY = "library-member";
  static final List<String> PATCH_TYPES = List.of("application/merge-patch+json",
      "application/json");
  static final BodySchema.ObjectSchema BOOK_BODY = BodySchema.object()
      .required("title", BodySchema.text(1, 200).nonBlank())
      .required("isbn", BodySchema.text(10, 17).nonBlank())
      .required("price", BodySchema.decimal("0", "99999999.99", 2))
      .required("available", BodySchema.bool())
      .required("published_on", BodySchema.date());
  static final BodySchema.ObjectSchema BOOK_PATCH = BOOK_BODY.mergePatch();

  // region loan-body
  static final BodySchema.ObjectSchema LOAN_BODY = BodySchema.object()
      .required("member_id", BodySchema.uuid())
      .required("book_id", BodySchema.uuid())
      .optional("lent_on", BodySchema.date().withDescription("Today when absent."))
      .required("due_on", BodySchema.date())
      .rule(loan -> !loan.containsKey("lent_on") || LocalDate.parse(loan.getString("due_on"))
          .isAfter(LocalDate.parse(loan.getString("lent_on"))),
          "due_on must be after lent_on", "lent_on", "due_on");
  // endregion loan-body

  /** The resources of one schema. */
  record Library(String schema, Resource book, Resource member, Resource loan,
      Assignments bookChanges) {
    static Library in(String schema) {
      // region named-embed
      Resource member = Resource.builder("member", schema + ".members", "m")
          .field("id", "id", UUID)
          .field("name", "name", TEXT)
          .build();
      Resource loan = Resource.builder("loan", schema + ".loans", "l")
          .field("id", "id", UUID)
          .field("member_id", "member_id", UUID)
          .field("book_id", "book_id", UUID)
          .field("lent_on", "lent_on", DATE)
          .field("due_on", "due_on", DATE)
          .field("returned", "returned", BOOL)
          .embedOne("member", "member_id", member)
          .embedOne("book", "book_id", Resource.named("book"))
          .build();
      Resource book = Resource.builder("book", schema + ".books", "b")
          .field("id", "id", UUID)
          .field("title", "title", TEXT)
          .field("isbn", "isbn", TEXT)
          .field("price", "price", NUMERIC)
          .field("available", "available", BOOL)
          .field("published_on", "published_on", DATE)
          .field("updated_at", "updated_at", TIMESTAMP)
          .field("borrower", "(SELECT l.member_id FROM " + schema + ".loans l"
              + " WHERE l.book_id = b.id AND NOT l.returned)", UUID, ON_REQUEST)
          .embedMany("loans", loan, "book_id")
          .build();
      Resource.link(member, loan, book);
      // endregion named-embed
      return new Library(schema, book, member, loan, Assignments.create(book, BOOK_PATCH));
    }
  }

  @Override
  public Future<Void> start(BriskContext context) {
    String s = context.config().require("library-schema");
    return context.db().query("CREATE SCHEMA IF NOT EXISTS " + s)
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".books ("
            + "id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text NOT NULL,"
            + " isbn text NOT NULL UNIQUE, price numeric(10,2) NOT NULL,"
            + " available boolean NOT NULL DEFAULT true, published_on date NOT NULL,"
            + " updated_at timestamptz NOT NULL DEFAULT now())"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".members ("
            + "id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL)"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".loans ("
            + "id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
            + " member_id uuid NOT NULL REFERENCES " + s + ".members,"
            + " book_id uuid NOT NULL REFERENCES " + s + ".books,"
            + " lent_on date NOT NULL DEFAULT current_date,"
            + " due_on date NOT NULL, returned boolean NOT NULL DEFAULT false)"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s
            + ".idempotency_keys (key text PRIMARY KEY, fingerprint text NOT NULL,"
            + " status integer, headers jsonb, body bytea,"
            + " created_at timestamptz NOT NULL DEFAULT now())"))
        .mapEmpty();
  }

  @Override
  public ApiKeyStore apiKeys(BriskContext context) {
    Map<String, ApiKey> keys = Map.of(
        ApiKey.hash(INTERNAL_KEY), new ApiKey("librarian", null, "internal"),
        ApiKey.hash(MEMBER_KEY), new ApiKey("reader", null, "free"));
    return hash -> Future.succeededFuture(keys.get(hash));
  }

  @Override
  public OpenApiOptions openApi(BriskContext context) {
    return BriskApp.super.openApi(context).withTitle("Library");
  }

  @Override
  public void routes(Routes routes, BriskContext context) {
    Library lib = context.shared("library",
        () -> Library.in(context.config().require("library-schema")));
    Pager pager = context.shared("pager", () -> Pager.create(context.pages()));
    RowVersions versions = context.shared("row-versions",
        () -> RowVersions.of(context.db(), List.of(lib.book(), lib.member(), lib.loan())));
    Cache cache = context.cache();

    context.endpoint(lib.book(), pager)
        .filter(Filter.equalTo("available", "available"),
            Filter.atLeast("min_price", "price"), Filter.atMost("max_price", "price"),
            Filter.atLeast("published_from", "published_on"),
            Filter.id("member", "borrower").withDescription("Books the member has on loan."))
        .sorts("price", "published_on")
        .cached(cache, versions)
        .build()
        .list(routes, Mount.at("/api/books", Access.open()))
        .get(routes, Mount.at("/api/books/:id", Access.open()));

    context.endpoint(lib.loan(), null)
        .filter(Filter.id("member_id"), Filter.id("book_id"))
        .build()
        .export(routes, Mount.at("/api/loans/export", Access.tier("internal")), context.streams())
        .get(routes, Mount.at("/api/loans/:id", Access.authenticated()));

    CachedWrites writes = CachedWrites.create(context.db(), cache, versions);
    routes.documented(OperationDoc.summary("Change a book (JSON merge patch)")
            .withRequestBody(BOOK_PATCH)
            .withRequestMediaTypes(PATCH_TYPES.toArray(String[]::new))
            .withPath(Requests.pathUuidDoc("id", "The book's id"))
            .withConditionalWrite()
            .returns(lib.book(), OperationDoc.Shape.ONE)
            .withProblems(422))
        .patch("/api/books/:id", Access.tier("internal"), ctx -> patchBook(ctx, lib, writes));

    Idempotency idempotency = Idempotency.create(context.vertx(), context.db(),
        lib.schema() + ".idempotency_keys");
    routes.documented(OperationDoc.summary("Lend a book")
            .withRequestBody(LOAN_BODY)
            .withHeaders(Idempotency.PARAMETER)
            .returns(lib.loan(), OperationDoc.Shape.ONE)
            .withStatus(201)
            .withProblems(409, 422))
        .post("/api/loans", Access.authenticated(),
            ctx -> lend(ctx, lib, idempotency, cache, versions));
  }

  private static Future<Reply> patchBook(RoutingContext ctx, Library lib, CachedWrites writes) {
    Requests.onlyParams(ctx, Set.of());
    java.util.UUID id = Requests.pathUuid(ctx, "id");
    JsonObject patch = BOOK_PATCH.validate(Requests.jsonBody(ctx, PATCH_TYPES));
    Tuple args = Tuple.of(id);
    String sql = "UPDATE " + lib.book().table() + " b SET " + lib.bookChanges().set(patch, args)
        + ", updated_at = now() WHERE b.id = $1 RETURNING " + lib.book().defaults().projection();
    return writes.update(ctx, lib.book(), id, null, tx -> tx.query(sql, args)
        .map(rows -> lib.book().defaults().toJson(rows.iterator().next())));
  }

  private static Future<Reply> lend(RoutingContext ctx, Library lib, Idempotency idempotency,
      Cache cache, RowVersions versions) {
    Requests.onlyParams(ctx, Set.of());
    JsonObject body = LOAN_BODY.validate(Requests.jsonBody(ctx));
    java.util.UUID member = java.util.UUID.fromString(body.getString("member_id"));
    java.util.UUID book = java.util.UUID.fromString(body.getString("book_id"));
    String lent = body.getString("lent_on");
    LocalDate due = LocalDate.parse(body.getString("due_on"));
    String s = lib.schema();
    return idempotency.run(ctx, tx -> tx.query("SELECT 1 FROM " + s + ".members WHERE id = $1",
            Tuple.of(member))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Problem.validation(List.of(new Problem.FieldError(
                "/member_id", "member " + member + " does not exist"))))
            : tx.query("UPDATE " + s + ".books SET available = false, updated_at = now()"
                + " WHERE id = $1 AND available RETURNING id", Tuple.of(book)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Problem.conflict("Book " + book + " is not available"))
            : tx.query("INSERT INTO " + s + ".loans (member_id, book_id, lent_on, due_on)"
                + " VALUES ($1, $2, coalesce($3, current_date), $4) RETURNING "
                + lib.loan().defaults().projection(""),
                Tuple.of(member, book, lent == null ? null : LocalDate.parse(lent), due)))
        .map(rows -> {
          Row row = rows.iterator().next();
          return Reply.created("/api/loans/" + row.getUUID("id"),
              lib.loan().defaults().toJson(row));
        }))
        .compose(reply -> cache.invalidate(versions.written(lib.book(), List.of(book)))
            .map(reply));
  }

}
