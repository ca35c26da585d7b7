package dev.brisk.http;

import dev.brisk.fields.Resource;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

/**
 * The {@code SET} list of an {@code UPDATE} from a body a schema validated, such as a merge
 * patch: each member becomes {@code "column" = $n} with the column its {@link Resource} field
 * declares (never a name from the body) and its value bound as the column takes it (a date as a
 * {@code LocalDate}, a UUID as a {@code UUID}, an integer for a {@code numeric} column as a
 * {@code BigDecimal}; a null, which the schema keeps only where nullable, as null).
 *
 * <pre>{@code
 * static final Assignments CHANGES = Assignments.create(PRODUCT, PATCH);
 * Tuple args = Tuple.of(id);
 * String sql = "UPDATE products p SET " + CHANGES.set(PATCH.validate(body), args)
 *     + " WHERE p.id = $1";
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #set} is pure and runs on the caller's thread.
 */
public interface Assignments {

  /**
   * The assignments of the members of {@code schema}, each to the column of the field of
   * {@code resource} with the member's name.
   *
   * @throws IllegalArgumentException when a member is not a field of {@code resource}, its
   *     field reads an expression rather than a column of the resource's table, or its schema
   *     does not give the field's type (a {@code text} for a {@code DATE} field; an object of a
   *     merge patch, which would replace a {@code JSON} column with the members sent)
   */
  static Assignments create(Resource resource, BodySchema.ObjectSchema schema) {
    return DefaultAssignments.of(resource, (ObjectNode) schema);
  }

  /**
   * {@code "name" = $2, "stock" = $3} for {@code valid}, the body {@code schema} validated,
   * with its values appended to {@code args} (numbered after those already there), in the order
   * of {@code valid} (the schema's declaration order).
   *
   * @throws dev.brisk.problem.Problem 422 when {@code valid} is empty, with the detail a merge
   *     patch's empty body gets ("the patch changes nothing; send at least one of ...")
   * @throws IllegalArgumentException when {@code valid} holds a member {@code schema} does not
   *     declare (a body that was not validated by it)
   */
  String set(JsonObject valid, Tuple args);
}
