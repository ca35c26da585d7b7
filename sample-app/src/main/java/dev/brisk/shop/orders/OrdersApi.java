package dev.brisk.shop.orders;

import static dev.brisk.shop.ShopResources.ORDER;
import static dev.brisk.shop.ShopResources.PRODUCT;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.Caller;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.endpoint.Filter;
import dev.brisk.endpoint.Mount;
import dev.brisk.endpoint.ResourceEndpoint;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Idempotency;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import dev.brisk.shop.proto.Order;
import dev.brisk.shop.proto.OrderPage;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code /api/orders}: placing orders (atomic, idempotent) and reading them. */
public final class OrdersApi {

  static final List<String> STATUSES = List.of("pending", "paid", "shipped", "delivered",
      "cancelled");
  private static final String INTERNAL = "internal";

  private final Db db;
  private final Cache cache;
  private final RowVersions versions;
  private final Idempotency idempotency;
  private final ResourceEndpoint orders;
  private final ResourceEndpoint userOrders;

  /**
   * The orders API on the context's database and cache, with the app's embed limits and ETags
   * from {@code versions}.
   */
  public OrdersApi(BriskContext context, Pager pager, RowVersions versions) {
    this.db = context.db();
    this.cache = context.cache();
    this.versions = versions;
    this.idempotency = Idempotency.create(context.vertx(), db, "idempotency_keys");
    this.orders = list(context, pager).cached(cache, versions).build();
    this.userOrders = base(context, pager)
        .restrict("user_id", "o.user_id = ?", ctx -> Requests.pathId(ctx, "id"))
        .defaultSort("-created_at")
        .cached(cache, versions)
        .build();
  }

  /** {@code GET /api/orders}: only the caller's own orders below the internal tier. */
  // region orders-list
  static ResourceEndpoint.Builder list(BriskContext context, Pager pager) {
    return base(context, pager)
        .filter(Filter.id("user_id"), Filter.oneOf("status", "status", STATUSES))
        .restrict("own_user_id", "o.user_id = ?", OrdersApi::ownScope);
  }
  // endregion orders-list

  private static ResourceEndpoint.Builder base(BriskContext context, Pager pager) {
    return context.endpoint(ORDER, pager)
        .sorts("created_at")
        .protobuf(Order.getDescriptor(), OrderPage.getDescriptor());
  }

  /** A user's orders are theirs and the internal tier's; others get 404, anonymous 401. */
  // region register
  public void register(Routes routes) {
    routes.documented(OrderPlacement.DOC).post("/api/orders", Access.authenticated(), this::place);
    orders.list(routes, Mount.at("/api/orders", Access.authenticated()));
    orders.get(routes, Mount.at("/api/orders/:id", Access.ownerOr(INTERNAL, this::owner)));
    userOrders.list(routes, Mount.at("/api/users/:id/orders",
            Access.ownerOr(INTERNAL, OwnerCheck.pathParam("id")))
        .withSummary("A user's orders, newest first")
        .withPath(Requests.pathIdDoc("id", "The user's id"))
        .withCheck(this::userExists));
  }
  // endregion register

  /** Places an order for the caller's own user; only the internal tier names another user. */
  private Future<Reply> place(RoutingContext ctx) {
    // A write ignores nothing: a mistyped option (?dry_run=1) must not place a real order.
    Requests.onlyParams(ctx, Set.of());
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
        // Offered as protobuf after the run: what it returns, a replay too, is the stored JSON
        // (or a recorded problem, which stays one).
        .map(reply -> reply.status() == 201 ? reply.withProtobuf(Order.getDescriptor()) : reply)
        .compose(reply -> cache.invalidate(placed(products)).map(reply));
    // endregion invalidate
  }

  /**
   * What placing an order invalidates: the ordered products (their stock, with every list and
   * page showing products) and every cached page of orders (the new one may belong there). The
   * order and its items are new: no cached representation shows them yet.
   */
  // region placed
  private List<String> placed(List<Long> products) {
    List<String> tags = new ArrayList<>(versions.written(PRODUCT, products));
    tags.addAll(versions.written(ORDER, List.of()));
    return tags;
  }
  // endregion placed

  /**
   * The caller's user as a shop user id, or null when it has none, a non-numeric one, or one
   * not spelled as its id is ("01", "+1").
   */
  private static Long ownUser(Caller caller) {
    String raw = caller.userId();
    if (raw == null) {
      return null;
    }
    try {
      long id = Long.parseLong(raw);
      // One spelling per user: the owner checks compare the text, so a token's "01" or "+1",
      // which is not user 1 there, must not be user 1 here either.
      return Long.toString(id).equals(raw) ? id : null;
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
      return Future.failedFuture(invalid);
    }
    return db.query("SELECT user_id FROM orders WHERE id = $1", Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null
            : String.valueOf(rows.iterator().next().getLong("user_id")));
  }

  /** The own-user restriction of {@code GET /api/orders}: none for the internal tier. */
  // region own-scope
  private static Object ownScope(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (caller.tier().name().equals(INTERNAL)) {
      return ResourceEndpoint.unrestricted();
    }
    Long own = ownUser(caller);
    return own == null ? -1L : own;
  }
  // endregion own-scope

  /** 404 for the orders of a user that does not exist (an empty list would hide the typo). */
  private Future<Void> userExists(RoutingContext ctx) {
    long user = Requests.pathId(ctx, "id");
    return db.query("SELECT 1 FROM users WHERE id = $1", Tuple.of(user))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : Future.failedFuture(Problem.notFound("User " + user + " does not exist")));
  }
}
