package dev.brisk.shop.orders;

import dev.brisk.db.Db;
import dev.brisk.http.Idempotency;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/orders}: placing orders (atomic, idempotent) and reading them. */
public final class OrdersApi {

  private final Idempotency idempotency;

  public OrdersApi(Db db) {
    this.idempotency = Idempotency.create(db, "idempotency_keys");
  }

  public void register(Routes routes) {
    routes.post("/api/orders", this::place);
  }

  private Future<Reply> place(RoutingContext ctx) {
    OrderRequest request = OrderRequest.parse(Requests.jsonBody(ctx));
    return idempotency.run(ctx, tx -> OrderPlacement.place(tx, request)
        .map(order -> Reply.created("/api/orders/" + order.getLong("id"), order)));
  }
}
