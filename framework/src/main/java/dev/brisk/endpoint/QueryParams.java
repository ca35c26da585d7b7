package dev.brisk.endpoint;

import dev.brisk.fields.FieldMask;
import dev.brisk.fields.Resource;
import io.vertx.core.MultiMap;

/** Query-string checks every resource endpoint makes before reading. */
final class QueryParams {

  private QueryParams() {
  }

  /** The field mask from {@code fields} (repeated parameters are merged), defaults when absent. */
  static FieldMask mask(MultiMap query, Resource resource) {
    var all = query.getAll("fields");
    return FieldMask.parse(resource, all.isEmpty() ? null : String.join(",", all));
  }
}
