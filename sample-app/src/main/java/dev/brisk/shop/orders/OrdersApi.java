package dev.brisk.shop.orders;

import static dev.brisk.page.SortColumn.asc;
import static dev.brisk.shop.ShopResources.ORDER;

import dev.brisk.auth.Access;
import dev.brisk.auth.Caller;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.db.Where;
import dev.brisk.fields.EmbedLimits;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.CachedReads;
import dev.brisk.http.Idempotency;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.PageRequest;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.problem.Problem;
import dev.brisk.shop.Queries;
import dev.brisk.shop.Versions;
import dev.brisk.shop.proto.Order;
import dev.brisk.shop.proto.OrderPage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/orders}: placing orders (atomic, idempotent) and reading them. */
public final class OrdersApi {

  static final Sort BY_ID = Sort.of("id", asc("id", "o.id"));
  static final Sort BY_CREATED = Sort.of("created_at", asc("created_at", "o.created_at"),
      asc("id", "o.id"));
  static final List<Sort> SORTS = List.of(BY_ID, BY_ID.reversed(), BY_CREATED,
      BY_CREATED.reversed());
  static final List<String> STATUSES = List.of("pending", "paid", "shipped", "delivered",
      "cancelled");
  private static final String INTERNAL = "internal";
  private static final Set<String> PAGE_PARAMS = Set.of("sort", "limit", "cursor", "fields");

  private final Db db;
  private final Cache cache;
  private final CachedReads reads;
  private final ResourceReader orders;
  private final Pager pager;
  private final Idempotency idempotency;

  public OrdersApi(Vertx vertx, Db db, Pager pager, Cache cache) {
    this.db = db;
    this.cache = cache;
    this.reads = CachedReads.create(cache);
    this.orders = ResourceReader.create(ORDER, db, pager).withEmbedLimits(EmbedLimits.fromEnv());
    this.pager = pager;
    this.idempotency = Idempotency.create(vertx, db, "idempotency_keys");
  }

  /** A user's orders are theirs and the internal tier's; others get 404, anonymous 401. */
  public void register(Routes routes) {
    routes.post("/api/orders", Access.authenticated(), this::place);
    routes.get("/api/orders", Access.authenticated(), this::list);
    routes.get("/api/orders/:id", Access.ownerOr(INTERNAL, this::owner), this::one);
    routes.get("/api/users/:id/orders", Access.ownerOr(INTERNAL, OwnerCheck.pathParam("id")),
        this::ofUser);
  }

  /** Places an order for the caller's own user; only the internal tier names another user. */
  private Future<Reply> place(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    boolean internal = caller.tier().name().equals(INTERNAL);
    Long own = ownUser(caller);
    OrderRequest request = OrderRequest.parse(Requests.jsonBody(ctx), internal ? null : own);
    if (!internal && (own == null || request.userId() != own)) {
      throw Problem.of(403, "forbidden", "Forbidden",
          "An order can only be placed for the API key's own user");
    }
    // region invalidate
    // Stock changed: cached products (and what shows them) go before the 201 is sent.
    List<Long> products = request.lines().stream().map(OrderRequest.Line::productId).toList();
    return idempotency.run(ctx, tx -> OrderPlacement.place(tx, request)
            .map(order -> Reply.created("/api/orders/" + order.getLong("id"), order)))
        .compose(reply -> cache.invalidate(Versions.orderTags(products)).map(reply));
    // endregion invalidate
  }

  /** The caller's user as a shop user id, or null when it has none (or a non-numeric one). */
  private static Long ownUser(Caller caller) {
    try {
      return caller.userId() == null ? null : Long.valueOf(caller.userId());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The user who placed the order in the path, or null when there is no such order. */
  private Future<String> owner(RoutingContext ctx) {
    long id;
    try {
      id = Requests.pathId(ctx, "id");
    } catch (Problem invalid) {
      return Future.succeededFuture(null);
    }
    return db.query("SELECT user_id FROM orders WHERE id = $1", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null
            : String.valueOf(rows.iterator().next().getLong("user_id")));
  }

  private Future<Reply> one(RoutingContext ctx) {
    // The route is not open: the cache key and the ETag are the caller's own.
    return Queries.byId(ctx, orders, Order.getDescriptor(), reads, db);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Queries.onlyParams(ctx, Set.of("user_id", "status", "sort", "limit", "cursor", "fields"));
    Long user = Requests.queryId(ctx, "user_id");
    String status = Requests.single(ctx, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw Problem.invalidParameter("status", "status must be one of "
          + String.join(", ", STATUSES) + ", was '" + status + "'");
    }
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("user_id", user);
    filters.put("status", status);
    Where where = where(user, status);
    Caller caller = Caller.of(ctx);
    if (!caller.tier().name().equals(INTERNAL)) {
      // Only the caller's own orders; another user_id then matches nothing.
      Long own = ownUser(caller) == null ? -1L : ownUser(caller);
      where = where.and("o.user_id = ?", own);
      filters.put("own_user_id", own);
    }
    return page(ctx, where, filters, "id");
  }

  private Future<Reply> ofUser(RoutingContext ctx) {
    Queries.onlyParams(ctx, PAGE_PARAMS);
    long user = Requests.pathId(ctx, "id");
    Future<Reply> page = page(ctx, where(user, null), Map.of("user_id", user), "-created_at");
    Future<Boolean> exists = db.query("SELECT 1 FROM users WHERE id = $1", Tuple.of(user))
        .map(rows -> rows.size() > 0);
    return Future.all(page, exists).compose(x -> exists.result()
        ? page
        : Future.failedFuture(Problem.notFound("User " + user + " does not exist")));
  }

  static Where where(Long user, String status) {
    return Where.create().and("o.user_id = ?", user).and("o.status = ?", status);
  }

  private Future<Reply> page(RoutingContext ctx, Where where, Map<String, Object> filters,
      String defaultSort) {
    FieldMask mask = Queries.mask(ctx, ORDER);
    String requested = Requests.single(ctx, "sort");
    Sort sort = Sort.select(requested == null ? defaultSort : requested, SORTS);
    PageRequest request = pager.parse(ctx, sort, filters);
    return orders.page(mask, where, request).map(result -> Queries.pageReply(ctx, result,
        OrderPage.getDescriptor()));
  }
}
