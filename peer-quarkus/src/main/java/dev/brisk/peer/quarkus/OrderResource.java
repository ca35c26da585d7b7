package dev.brisk.peer.quarkus;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The nested orders page, {@code GET /api/orders?limit=100&fields=id,user(name),items(quantity,
 * product(name,category(name)))}, with the statements Brisk runs for it: one keyset query for
 * the orders, then one {@code = ANY($1)} query per embed level (users and items at once, then
 * products, then categories). Returns {@link Uni}, so it runs on the Vert.x event loop.
 */
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

  /** The one field selection this peer serves. */
  static final String NESTED = "id,user(name),items(quantity,product(name,category(name)))";
  static final String FIRST = "SELECT o.id, o.user_id FROM orders o ORDER BY o.id LIMIT $1";
  static final String AFTER =
      "SELECT o.id, o.user_id FROM orders o WHERE o.id > $1 ORDER BY o.id LIMIT $2";
  static final String USERS = "SELECT u.name, u.id AS k FROM users u WHERE u.id = ANY($1)";
  static final String ITEMS = "SELECT oi.quantity, oi.product_id, oi.order_id AS k "
      + "FROM order_items oi WHERE oi.order_id = ANY($1) ORDER BY oi.line";
  static final String PRODUCTS =
      "SELECT p.name, p.category_id, p.id AS k FROM products p WHERE p.id = ANY($1)";
  static final String CATEGORIES =
      "SELECT c.name, c.id AS k FROM categories c WHERE c.id = ANY($1)";

  @Inject
  Pool client;

  /** One page of orders by id with their user, lines, products and categories. */
  @GET
  public Uni<OrderPage> page(@RestQuery String fields, @RestQuery String limit,
      @RestQuery String cursor) {
    if (!NESTED.equals(fields)) {
      throw new Problem(400, "this peer serves only fields=" + NESTED);
    }
    int size = Cursors.limit(limit);
    Uni<RowSet<Row>> rows = cursor == null
        ? client.preparedQuery(FIRST).execute(Tuple.of(size + 1))
        : client.preparedQuery(AFTER).execute(Tuple.of(Cursors.decode(cursor, 1)[0], size + 1));
    return rows.flatMap(r -> render(r, size));
  }

  private Uni<OrderPage> render(RowSet<Row> rows, int limit) {
    List<Row> orders = new ArrayList<>(limit);
    for (Row row : rows) {
      if (orders.size() < limit) {
        orders.add(row);
      }
    }
    boolean more = rows.size() > limit;
    Set<Long> userIds = new LinkedHashSet<>();
    List<Long> orderIds = new ArrayList<>(orders.size());
    orders.forEach(o -> {
      userIds.add(o.getLong("user_id"));
      orderIds.add(o.getLong("id"));
    });
    Uni<Map<Long, OrderView.User>> users = byKey(USERS, userIds,
        r -> new OrderView.User(r.getString("name")));
    return Uni.combine().all().unis(users, items(orderIds)).asTuple().map(t -> {
      List<OrderView> data = new ArrayList<>(orders.size());
      for (Row o : orders) {
        data.add(new OrderView(o.getLong("id"),
            t.getItem2().getOrDefault(o.getLong("id"), List.of()),
            t.getItem1().get(o.getLong("user_id"))));
      }
      String next = more ? Cursors.encode(orderIds.get(orderIds.size() - 1)) : null;
      return new OrderPage(data, new PageInfo(limit, next, null, more));
    });
  }

  /** Lines per order id, each with its product and category. */
  private Uni<Map<Long, List<OrderView.Item>>> items(List<Long> orderIds) {
    return client.preparedQuery(ITEMS).execute(keys(orderIds)).flatMap(items -> {
      Set<Long> productIds = new LinkedHashSet<>();
      items.forEach(i -> productIds.add(i.getLong("product_id")));
      return products(productIds).map(products -> {
        Map<Long, List<OrderView.Item>> byOrder = new HashMap<>();
        for (Row i : items) {
          byOrder.computeIfAbsent(i.getLong("k"), k -> new ArrayList<>()).add(
              new OrderView.Item(i.getInteger("quantity"), products.get(i.getLong("product_id"))));
        }
        return byOrder;
      });
    });
  }

  private Uni<Map<Long, OrderView.ItemProduct>> products(Set<Long> ids) {
    return client.preparedQuery(PRODUCTS).execute(keys(ids)).flatMap(products -> {
      Set<Long> categoryIds = new LinkedHashSet<>();
      products.forEach(p -> categoryIds.add(p.getLong("category_id")));
      return byKey(CATEGORIES, categoryIds, r -> new OrderView.Category(r.getString("name")))
          .map(categories -> {
            Map<Long, OrderView.ItemProduct> byId = new HashMap<>();
            for (Row p : products) {
              byId.put(p.getLong("k"), new OrderView.ItemProduct(p.getString("name"),
                  categories.get(p.getLong("category_id"))));
            }
            return byId;
          });
    });
  }

  private <T> Uni<Map<Long, T>> byKey(String sql, Set<Long> ids,
      Function<Row, T> read) {
    return client.preparedQuery(sql).execute(keys(ids)).map(rows -> {
      Map<Long, T> out = new HashMap<>();
      rows.forEach(r -> out.put(r.getLong("k"), read.apply(r)));
      return out;
    });
  }

  private static Tuple keys(Collection<Long> ids) {
    return Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0]));
  }
}
