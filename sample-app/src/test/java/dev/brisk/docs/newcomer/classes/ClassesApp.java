package dev.brisk.docs.newcomer.classes;

import static dev.brisk.fields.FieldType.INT;
import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static dev.brisk.fields.FieldType.TIMESTAMP;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.ApiKey;
import dev.brisk.auth.ApiKeyStore;
import dev.brisk.auth.Caller;
import dev.brisk.docs.newcomer.classes.proto.FitnessClass;
import dev.brisk.docs.newcomer.classes.proto.FitnessClassPage;
import dev.brisk.docs.newcomer.classes.proto.Studio;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.fields.Resource;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.BatchEndpoint;
import dev.brisk.http.BatchEndpointOptions;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * A fitness studio's class bookings written from the docs: studios, classes (a studio, a start
 * time, a capacity and the seats left), members and their bookings. Classes are keyset-paged by
 * start time, embed their studio and their bookings (one query per level for a whole page),
 * answer JSON or protobuf with ETags from row versions, and stream while upcoming in start order
 * ({@link UpcomingClasses}); booking takes a seat under an {@code Idempotency-Key} (409 when the
 * class is full) and cancelling frees it ({@link ClassBookings}). Its tables live in the schema
 * the {@code classes-schema} setting names. {@code ClassesApiTest}.
 */
public final class ClassesApp implements BriskApp {

  /** Plain API keys: member 1 (free tier), member 2 (pro tier) and the front desk (internal). */
  static final String ANN = "classes-ann";
  static final String BEN = "classes-ben";
  static final String DESK = "classes-desk";

  private static final Map<String, ApiKey> KEYS = Map.of(
      ApiKey.hash(ANN), new ApiKey("ann", "1", "free"),
      ApiKey.hash(BEN), new ApiKey("ben", "2", "pro"),
      ApiKey.hash(DESK), new ApiKey("desk", null, "internal"));

  /** The resources of one schema. */
  record Resources(String schema, Resource studio, Resource fitnessClass, Resource member,
      Resource booking) {
    static Resources in(String schema) {
      Resource studio = Resource.builder("studio", schema + ".studios", "s")
          .field("id", "id", LONG)
          .field("name", "name", TEXT)
          .field("city", "city", TEXT)
          .embedMany("classes", Resource.named("class"), "studio_id")
          .build();
      Resource member = Resource.builder("member", schema + ".members", "m")
          .field("id", "id", LONG)
          .field("name", "name", TEXT)
          .build();
      Resource fitnessClass = Resource.builder("class", schema + ".classes", "c")
          .field("id", "id", LONG)
          .field("studio_id", "studio_id", LONG)
          .field("title", "title", TEXT)
          .field("starts_at", "starts_at", TIMESTAMP)
          .field("capacity", "capacity", INT)
          .field("seats_left", "seats_left", INT)
          .embedOne("studio", "studio_id", studio)
          .embedMany("bookings", Resource.named("booking"), "class_id")
          .build();
      Resource booking = Resource.builder("booking", schema + ".bookings", "b")
          .field("id", "id", LONG)
          .field("class_id", "class_id", LONG)
          .field("member_id", "member_id", LONG)
          .field("created_at", "created_at", TIMESTAMP)
          .embedOne("member", "member_id", member)
          .embedOne("class", "class_id", fitnessClass)
          .build();
      Resource.link(studio, member, fitnessClass, booking);
      return new Resources(schema, studio, fitnessClass, member, booking);
    }

    String table(String name) {
      return schema + "." + name;
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
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".studios ("
            + "id bigserial PRIMARY KEY, name text NOT NULL, city text NOT NULL)"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".members ("
            + "id bigint PRIMARY KEY, name text NOT NULL)"))
        .compose(x -> context.db().query("INSERT INTO " + s + ".members VALUES"
            + " (1, 'Ann'), (2, 'Ben') ON CONFLICT (id) DO NOTHING"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".classes ("
            + "id bigserial PRIMARY KEY, studio_id bigint NOT NULL REFERENCES " + s + ".studios,"
            + " title text NOT NULL, starts_at timestamptz NOT NULL,"
            + " capacity integer NOT NULL CHECK (capacity > 0),"
            + " seats_left integer NOT NULL CHECK (seats_left BETWEEN 0 AND capacity))"))
        .compose(x -> context.db().query("CREATE INDEX IF NOT EXISTS classes_starts ON " + s
            + ".classes (starts_at, id)"))
        .compose(x -> context.db().query("CREATE INDEX IF NOT EXISTS classes_studio ON " + s
            + ".classes (studio_id, id)"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s + ".bookings ("
            + "id bigserial PRIMARY KEY, class_id bigint NOT NULL REFERENCES " + s + ".classes,"
            + " member_id bigint NOT NULL REFERENCES " + s + ".members,"
            + " created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (class_id, member_id))"))
        .compose(x -> context.db().query("CREATE TABLE IF NOT EXISTS " + s
            + ".idempotency_keys (key text PRIMARY KEY, fingerprint text NOT NULL,"
            + " status integer, headers jsonb, body bytea,"
            + " created_at timestamptz NOT NULL DEFAULT now())"))
        .mapEmpty();
  }

  @Override
  public void routes(Routes routes, BriskContext context) {
    Resources r = context.shared("classes", () -> Resources.in(schema(context)));
    Pager pager = context.shared("pager", () -> Pager.create(context.pages()));
    RowVersions versions = context.shared("versions", () -> RowVersions.of(context.db(),
        List.of(r.studio(), r.fitnessClass(), r.member(), r.booking())));

    context.endpoint(r.studio(), pager)
        .sorts("name")
        .protobuf(Studio.getDescriptor(), null)
        .cached(context.cache(), versions)
        .build()
        .get(routes, Mount.at("/api/studios/:id", Access.open()));
    // The literal path first in the source for readers; Brisk tries it before /:id anyway.
    new UpcomingClasses(context, r).register(routes);
    context.endpoint(r.fitnessClass(), pager)
        .filter(Filter.id("studio_id"), Filter.atLeast("from", "starts_at"))
        .sorts("starts_at")
        .defaultSort("starts_at")
        .protobuf(FitnessClass.getDescriptor(), FitnessClassPage.getDescriptor())
        .cached(context.cache(), versions)
        .cachePages()
        .build()
        .list(routes, Mount.at("/api/classes", Access.open()))
        .get(routes, Mount.at("/api/classes/:id", Access.open()));
    context.endpoint(r.booking(), pager)
        .restrict("own", "b.member_id = ?", ClassesApp::ownMember)
        .build()
        .list(routes, Mount.at("/api/bookings", Access.authenticated()))
        .get(routes, Mount.at("/api/bookings/:id",
            Access.ownerOr("internal", ctx -> owner(context, r, ctx))));
    new ClassBookings(context, r, versions).register(routes,
        ctx -> owner(context, r, ctx));
    BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
        .register(routes, "/api/batch");
  }

  /** The bookings a caller lists: every one for the front desk, else its member's own. */
  private static Object ownMember(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (caller.tier().name().equals("internal")) {
      return ResourceEndpoint.unrestricted();
    }
    return caller.userId() == null ? -1L : Long.parseLong(caller.userId());
  }

  private static Future<String> owner(BriskContext context, Resources r, RoutingContext ctx) {
    return context.db().query("SELECT member_id FROM " + r.table("bookings") + " WHERE id = $1",
            Tuple.of(Requests.pathId(ctx, "id")))
        .map(rows -> rows.size() == 0 ? null
            : String.valueOf(rows.iterator().next().getLong("member_id")));
  }

  private static String schema(BriskContext context) {
    return context.config().get("classes-schema", "classes");
  }
}
