package dev.brisk.docs.newcomer.tickets;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.NUMERIC;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKey;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.auth.Caller;
import dev.brisk.cache.Cache;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.fields.Resource;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.http.BodySchema;
import dev.brisk.http.Idempotency;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event ticketing API written from the docs: venues and their events (filtered by venue and
 * date range, keyset-paged, embedding each other, ETags from row versions), reservations that
 * take seats atomically under an {@code Idempotency-Key} (409 when sold out), each caller's own
 * reservations, an NDJSON export of an event's reservations and {@code POST /api/batch}; its
 * tables live in the schema the {@code tickets-schema} setting names. {@code TicketsApiTest}.
 */
public final class TicketsApp implements BriskApp {

  /** Plain API keys of the test callers: two users and an organizer (internal tier). */
  static final String ALICE = "tickets-alice";
  static final String BOB = "tickets-bob";
  static final String ORGANIZER = "tickets-org";

  private static final Map<String, ApiKey> KEYS = Map.of(
      ApiKey.hash(ALICE), new ApiKey("alice", "1", "free"),
      ApiKey.hash(BOB), new ApiKey("bob", "2", "free"),
      ApiKey.hash(ORGANIZER), new ApiKey("organizer", null, "internal"));

  private static final BodySchema.ObjectSchema RESERVE = BodySchema.object()
      .required("seats", BodySchema.integer(1, 10));

  /** The resources of one schema. */
  record Resources(String schema, Resource venue, Resource event, Resource reservation) {
    static Resources in(String schema) {
      // The venue embeds events declared after it: named, and linked once all are built.
      Resource venue = Resource.builder("venue", schema + ".venues", "v")
          .field("id", "id", LONG)
          .field("name", "name", TEXT)
          .field("city", "city", TEXT)
          .embedMany("events", Resource.named("event"), "venue_id")
          .build();
      Resource event = Resource.builder("event", schema + ".events", "e")
          .field("id", "id", LONG)
          .field("venue_id", "venue_id", LONG)
          .field("name", "name", TEXT)
          .field("starts_at", "starts_at", TIMESTAMP)
          .field("ends_at", "ends_at", TIMESTAMP)
          .field("price", "price", NUMERIC)
          .field("capacity", "capacity", INT)
          .field("remaining", "remaining", INT)
          .embedOne("venue", "venue_id", venue)
          .build();
      Resource reservation = Resource.builder("reservation", schema + ".reservations", "r")
          .field("id", "id", LONG)
          .field("event_id", "event_id", LONG)
          .field("user_id", "user_id", LONG)
          .field("seats", "seats", INT)
          .field("created_at", "created_at", TIMESTAMP)
          .embedOne("event", "event_id", event)
          .build();
      Resource.link(venue, event, reservation);
      return new Resources(schema, venue, event, reservation);
    }
  }

  @Override
  public ApiKeyStore apiKeys(BriskContext context) {
    return hash -> Future.succeededFuture(KEYS.get(hash));
  }

  @Override
  public Future<Void> start(BriskContext context) {
    String s = schema(context);
    return context.db().query("CREATE SCHEMA IF NOT EXISTS " + s)
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".venues ("
            + "id bigserial PRIMARY KEY, name text NOT NULL, city text NOT NULL)"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".events ("
            + "id bigserial PRIMARY KEY, venue_id bigint NOT NULL REFERENCES " + s + ".venues,"
            + " name text NOT NULL, starts_at timestamptz NOT NULL,"
            + " ends_at timestamptz NOT NULL, price numeric(10,2) NOT NULL,"
            + " capacity integer NOT NULL CHECK (capacity >= 0),"
            + " remaining integer NOT NULL CHECK (remaining >= 0))"))
        .compose(x -> context.db().query("CREATE INDEX IF NOT EXISTS events_venue ON " + s
            + ".events (venue_id, id)"))
        .compose(x -> context.db().query("CREATE INDEX IF NOT EXISTS events_starts ON " + s
            + ".events (starts_at, id)"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".reservations ("
            + "id bigserial PRIMARY KEY, event_id bigint NOT NULL REFERENCES " + s + ".events,"
            + " user_id bigint NOT NULL, seats integer NOT NULL,"
            + " created_at timestamptz NOT NULL DEFAULT now())"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s
            + ".idempotency_keys (key text PRIMARY KEY, fingerprint text NOT NULL,"
            + " status integer, headers jsonb, body bytea,"
            + " created_at timestamptz NOT NULL DEFAULT now())"))
        .mapEmpty();
  }

  @Override
  public void routes(Routes routes, BriskContext context) {
    Resources r = context.shared("tickets", () -> Resources.in(schema(context)));
    Pager pager = context.shared("pager", () -> Pager.create(context.pages()));
    RowVersions versions = context.shared("versions",
        () -> RowVersions.of(context.db(), List.of(r.venue(), r.event(), r.reservation())));
    Cache cache = context.cache();

    context.endpoint(r.venue(), pager)
        .sorts("name")
        .build()
        .list(routes, Mount.at("/api/venues", Access.open()))
        .get(routes, Mount.at("/api/venues/:id", Access.open()));
    context.endpoint(r.event(), pager)
        .filter(Filter.id("venue_id"),
            Filter.atLeast("from", "starts_at"), Filter.atMost("to", "starts_at"))
        .sorts("starts_at")
        .cached(cache, versions)
        .build()
        .list(routes, Mount.at("/api/events", Access.open()))
        .get(routes, Mount.at("/api/events/:id", Access.open()));
    context.endpoint(r.reservation(), pager)
        .restrict("own", "r.user_id = ?", TicketsApp::ownUser)
        .build()
        .list(routes, Mount.at("/api/reservations", Access.authenticated()))
        .get(routes, Mount.at("/api/reservations/:id",
            Access.ownerOr("internal", ctx -> owner(context, r, ctx))));
    context.endpoint(r.reservation(), null)
        .restrict("event", "r.event_id = ?", ctx -> Requests.pathId(ctx, "id"))
        .build()
        .export(routes, Mount.at("/api/events/:id/reservations/export", Access.tier("internal"))
            .withPath(Requests.pathIdDoc("id", "The event's id"))
            .withCheck(ctx -> eventExists(context, r, Requests.pathId(ctx, "id"))),
            context.streams());

    Idempotency idempotency = Idempotency.create(context.vertx(), context.db(),
        r.schema() + ".idempotency_keys");
    routes.documented(OperationDoc.summary("Reserve seats of an event")
            .withDescription("Seats are taken atomically; 409 when fewer remain. With an"
                + " `Idempotency-Key` header a repeat returns the first result.")
            .withPath(Requests.pathIdDoc("id", "The event's id"))
            .withRequestBody(RESERVE)
            .withHeaders(Idempotency.PARAMETER)
            .returns(r.reservation(), OperationDoc.Shape.ONE)
            .withStatus(201)
            .withProblems(403, 409, 422))
        .post("/api/events/:id/reservations", Access.authenticated(),
            ctx -> reserve(ctx, r, idempotency, cache, versions));
    BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
        .register(routes, "/api/batch");
  }

  private static Future<Reply> reserve(RoutingContext ctx, Resources r, Idempotency idempotency,
      Cache cache, RowVersions versions) {
    Requests.onlyParams(ctx, Set.of());
    long event = Requests.pathId(ctx, "id");
    int seats = RESERVE.validate(Requests.jsonBody(ctx)).getInteger("seats");
    String user = Caller.of(ctx).userId();
    if (user == null) {
      throw Problem.of(403, "forbidden", "Forbidden",
          "Only an API key of a user can reserve seats; this one has no user");
    }
    String s = r.schema();
    return idempotency.run(ctx, tx -> tx.query("UPDATE " + s + ".events"
                + " SET remaining = remaining - $2 WHERE id = $1 AND remaining >= $2"
                + " RETURNING remaining", Tuple.of(event, seats))
            .compose(updated -> {
              if (updated.size() == 0) {
                return tx.query("SELECT remaining FROM " + s + ".events WHERE id = $1",
                    Tuple.of(event)).map(rows -> {
                      if (rows.size() == 0) {
                        throw Problem.notFound("Event " + event + " does not exist");
                      }
                      throw Problem.conflict("Event " + event + " has "
                          + rows.iterator().next().getInteger("remaining")
                          + " seats left, fewer than the " + seats + " asked for")
                          .withExtension("code", "sold_out");
                    });
              }
              return tx.query("INSERT INTO " + s + ".reservations (event_id, user_id, seats)"
                  + " VALUES ($1, $2, $3) RETURNING id, event_id, user_id, seats, created_at",
                  Tuple.of(event, Long.parseLong(user), seats));
            })
            .map(rows -> {
              Row row = rows.iterator().next();
              JsonObject json = row.toJson();
              return Reply.created("/api/reservations/" + row.getLong("id"), json);
            }))
        .compose(reply -> cache.invalidate(versions.written(r.event(), List.of(event)))
            .map(reply));
  }

  private static Future<Void> eventExists(BriskContext context, Resources r, long id) {
    return context.db().query("SELECT 1 FROM " + r.schema() + ".events WHERE id = $1",
        Tuple.of(id)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(Problem.notFound("Event " + id + " does not exist"))
            : Future.succeededFuture());
  }

  private static Long ownUser(RoutingContext ctx) {
    String user = Caller.of(ctx).userId();
    return user == null ? -1L : Long.parseLong(user);
  }

  private static Future<String> owner(BriskContext context, Resources r, RoutingContext ctx) {
    long id = Requests.pathId(ctx, "id");
    return context.db().query("SELECT user_id FROM " + r.schema() + ".reservations"
            + " WHERE id = $1", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : String.valueOf(rows.iterator().next()
            .getLong("user_id")));
  }

  private static String schema(BriskContext context) {
    return context.config().get("tickets-schema", "tickets");
  }
}
