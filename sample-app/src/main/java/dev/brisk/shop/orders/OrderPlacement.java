package dev.brisk.shop.orders;

import static dev.brisk.shop.ShopResources.ORDER;

import dev.brisk.db.Sql;
import dev.brisk.http.Idempotency;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Validation;
import dev.brisk.problem.Problem;
import dev.brisk.shop.proto.Order;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places an order inside one transaction: the products are locked in id order (so concurrent
 * orders cannot deadlock), stock is checked and decremented, then the order and its items are
 * inserted. Any failure rolls everything back.
 */
final class OrderPlacement {

  /** What the generated API description says about {@code POST /api/orders}. */
  // region order-doc
  static final OperationDoc DOC = OperationDoc.summary("Place an order")
      .withDescription("Stock is checked and decremented atomically. With an `Idempotency-Key`"
          + " header a repeat returns the first result and creates nothing.")
      .withRequestBody(OrderRequest.SCHEMA)
      .withExamples(new JsonObject().put("user_id", 3).put("items", new JsonArray()
          .add(new JsonObject().put("product_id", 5).put("quantity", 2))), null)
      .withHeaders(Idempotency.PARAMETER)
      .returns(ORDER, OperationDoc.Shape.ONE)
      .withProtobuf(Order.getDescriptor().getFullName())
      .withStatus(201)
      .withProblems(403, 409, 422);
  // endregion order-doc

  private OrderPlacement() {
  }

  static Future<JsonObject> place(Sql tx, OrderRequest request) {
    Map<Long, Integer> wanted = new TreeMap<>();
    for (OrderRequest.Line line : request.lines()) {
      wanted.merge(line.productId(), line.quantity(), Integer::sum);
    }
    Long[] ids = wanted.keySet().toArray(Long[]::new);
    return tx.query("SELECT 1 FROM users WHERE id = $1", Tuple.of(request.userId()))
        .compose(users -> tx.query("SELECT id, price_cents, stock FROM products "
                + "WHERE id = ANY($1) ORDER BY id FOR UPDATE", Tuple.tuple().addValue(ids))
            .compose(rows -> {
              Map<Long, long[]> products = new HashMap<>();
              for (Row row : rows) {
                products.put(row.getLong("id"),
                    new long[] {row.getLong("price_cents"), row.getInteger("stock")});
              }
              checkExists(request, users.size() > 0, products);
              checkStock(wanted, products);
              return write(tx, request, wanted, products);
            }));
  }

  /** One 422 naming every unknown reference: the user and each unknown product. */
  private static void checkExists(OrderRequest request, boolean userExists,
      Map<Long, long[]> products) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (!userExists) {
      errors.add(Problem.FieldError.of("/user_id",
          "user " + request.userId() + " does not exist"));
    }
    for (OrderRequest.Line line : request.lines()) {
      if (!products.containsKey(line.productId())) {
        errors.add(Problem.FieldError.of("/items/" + line.index() + "/product_id",
            "product " + line.productId() + " does not exist"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
  }

  private static void checkStock(Map<Long, Integer> wanted, Map<Long, long[]> products) {
    List<String> short_ = new ArrayList<>();
    for (Map.Entry<Long, Integer> e : wanted.entrySet()) {
      long stock = products.get(e.getKey())[1];
      if (stock < e.getValue()) {
        short_.add("product " + e.getKey() + " has " + stock + " in stock, " + e.getValue()
            + " requested");
      }
    }
    if (!short_.isEmpty()) {
      throw Problem.conflict("Insufficient stock: " + String.join("; ", short_))
          .withExtension("code", "insufficient_stock");
    }
  }

  private static Future<JsonObject> write(Sql tx, OrderRequest request,
      Map<Long, Integer> wanted, Map<Long, long[]> products) {
    long total = 0;
    int n = request.lines().size();
    Long[] lineProducts = new Long[n];
    Integer[] quantities = new Integer[n];
    Long[] prices = new Long[n];
    for (int i = 0; i < n; i++) {
      OrderRequest.Line line = request.lines().get(i);
      lineProducts[i] = line.productId();
      quantities[i] = line.quantity();
      prices[i] = products.get(line.productId())[0];
      total = addToTotal(total, prices[i], quantities[i]);
    }
    long orderTotal = total;
    return tx.query("UPDATE products p SET stock = p.stock - w.qty, version = p.version + 1, "
                + "updated_at = now() FROM unnest($1::bigint[], $2::int[]) AS w(id, qty) "
                + "WHERE p.id = w.id",
            Tuple.tuple().addValue(wanted.keySet().toArray(Long[]::new))
                .addValue(wanted.values().toArray(Integer[]::new)))
        .compose(x -> tx.query("INSERT INTO orders (user_id, status, total_cents) "
            + "VALUES ($1, 'pending', $2) RETURNING id, created_at",
            Tuple.of(request.userId(), orderTotal)))
        .compose(rows -> {
          Row order = rows.iterator().next();
          long orderId = order.getLong("id");
          return tx.query("INSERT INTO order_items (order_id, line, product_id, quantity, "
                  + "unit_price_cents) SELECT $1, l.ord, l.product_id, l.quantity, l.price "
                  + "FROM unnest($2::bigint[], $3::int[], $4::bigint[]) WITH ORDINALITY "
                  + "AS l(product_id, quantity, price, ord)",
              Tuple.tuple().addValue(orderId).addValue(lineProducts).addValue(quantities)
                  .addValue(prices))
              .map(x -> representation(orderId, request, orderTotal, order, lineProducts,
                  quantities, prices));
        });
  }

  /**
   * Checked money arithmetic: a total that a JSON client could not read exactly (beyond 2^53 - 1
   * cents; 100 lines of 1,000 at the 10^12 price cap reach 10^17) is the client's 422.
   */
  private static long addToTotal(long total, long price, int quantity) {
    try {
      long sum = Math.addExact(total, Math.multiplyExact(price, quantity));
      if (sum <= Validation.MAX_EXACT_INTEGER) {
        return sum;
      }
    } catch (ArithmeticException e) {
      // A price written to the table directly, beyond the API's cap: the same answer.
    }
    throw Problem.validation(List.of(Problem.FieldError.of("/items",
        "the order total exceeds " + Validation.MAX_EXACT_INTEGER
            + " cents, the largest integer every JSON client reads exactly")));
  }

  private static JsonObject representation(long orderId, OrderRequest request, long total,
      Row order, Long[] products, Integer[] quantities, Long[] prices) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < products.length; i++) {
      items.add(new JsonObject().put("product_id", products[i]).put("quantity", quantities[i])
          .put("unit_price_cents", prices[i]));
    }
    return new JsonObject().put("id", orderId).put("user_id", request.userId())
        .put("status", "pending").put("total_cents", total)
        .put("created_at", order.getOffsetDateTime("created_at").withOffsetSameInstant(
            ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT))
        .put("items", items);
  }
}
