package dev.brisk.shop.orders;

import dev.brisk.http.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A validated {@code POST /api/orders} body. */
record OrderRequest(long userId, List<Line> lines) {

  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 1_000;

  /** One requested line; {@code index} is its position in {@code items} for error pointers. */
  record Line(int index, long productId, int quantity) {
  }

  /**
   * Parses and validates the body, failing with one 422 listing every invalid field;
   * {@code user_id} may be omitted when {@code defaultUser} is not null.
   */
  static OrderRequest parse(JsonObject body, Long defaultUser) {
    Validation v = new Validation();
    v.onlyKnown(body, "", Set.of("user_id", "items"));
    Long userId = defaultUser != null && !body.containsKey("user_id") ? defaultUser
        : v.requiredLong(body, "", "user_id", 1, Long.MAX_VALUE);
    JsonArray items = v.requiredArray(body, "", "items", MAX_LINES);
    List<Line> lines = new ArrayList<>();
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        String at = "/items/" + i;
        if (!(items.getValue(i) instanceof JsonObject item)) {
          v.error(at, "each item must be an object with product_id and quantity");
          continue;
        }
        v.onlyKnown(item, at, Set.of("product_id", "quantity"));
        Long product = v.requiredLong(item, at, "product_id", 1, Long.MAX_VALUE);
        Long quantity = v.requiredLong(item, at, "quantity", 1, MAX_QUANTITY);
        if (product != null && quantity != null) {
          lines.add(new Line(i, product, quantity.intValue()));
        }
      }
    }
    v.throwIfInvalid();
    return new OrderRequest(userId, lines);
  }
}
