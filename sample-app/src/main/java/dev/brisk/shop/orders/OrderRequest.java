package dev.brisk.shop.orders;

import dev.brisk.http.BodySchema;
import dev.brisk.http.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A validated {@code POST /api/orders} body. */
record OrderRequest(long userId, List<Line> lines) {

  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 1_000;

  /** What the body may hold: it checks the body and states it in the API description. */
  // region order-schema
  static final BodySchema.ObjectSchema SCHEMA = BodySchema.object()
      .optional("user_id", BodySchema.integer(1, Long.MAX_VALUE)
          .withDescription("Required for the internal tier; others may omit it (their key's "
              + "own user)"))
      .required("items", BodySchema.array(BodySchema.object()
          .required("product_id", BodySchema.integer(1, Long.MAX_VALUE))
          .required("quantity", BodySchema.integer(1, MAX_QUANTITY)), MAX_LINES));
  // endregion order-schema

  /** One requested line; {@code index} is its position in {@code items} for error pointers. */
  record Line(int index, long productId, int quantity) {
  }

  /**
   * Parses and validates the body, failing with one 422 listing every invalid field;
   * {@code user_id} may be omitted when {@code defaultUser} is not null.
   */
  // region order-parse
  static OrderRequest parse(JsonObject body, Long defaultUser) {
    Validation v = new Validation();
    JsonObject valid = SCHEMA.validate(body, v);
    // Only a caller with a user of its own may omit user_id; a null names no one.
    if (body.getValue("user_id") == null
        && (defaultUser == null || body.containsKey("user_id"))) {
      v.error("/user_id", "user_id is required");
    }
    v.throwIfInvalid();
    JsonArray items = valid.getJsonArray("items");
    List<Line> lines = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      lines.add(new Line(i, item.getLong("product_id"), item.getInteger("quantity")));
    }
    return new OrderRequest(valid.getLong("user_id", defaultUser), lines);
  }
  // endregion order-parse
}
