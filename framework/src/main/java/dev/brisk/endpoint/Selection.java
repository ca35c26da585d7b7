package dev.brisk.endpoint;

import dev.brisk.db.Where;
import dev.brisk.fields.FieldType;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows one request selects: the SQL condition and, from the same values, what its cursor is
 * bound to. Built once per request; not thread-safe.
 */
record Selection(Where where, Map<String, Object> bound) {

  /** The prefix of a restriction's name in {@link #bound}. */
  private static final String RESTRICTION = "@";

  /** A filter resolved against its resource: the SQL of the field it reads. */
  record Bound(Filter filter, String sql, FieldType type) {
  }

  /** A condition the app derives from the request (the caller, a path parameter). */
  record Restriction(String name, String condition, Function<RoutingContext, Object> value) {
  }

  /** What a restriction's value is to read every row ({@link ResourceEndpoint#unrestricted}). */
  static final Object UNRESTRICTED = new Object() {
    @Override
    public String toString() {
      return "unrestricted";
    }
  };

  /**
   * Reads every filter from {@code query} and, when {@code ctx} is given, every restriction;
   * 400 when a value is invalid; an {@link IllegalStateException} (a 500) when a restriction
   * gives null.
   */
  static Selection of(MultiMap query, RoutingContext ctx, List<Bound> filters,
      List<Restriction> restrictions) {
    Where where = Where.create();
    Map<String, Object> bound = new HashMap<>();
    for (Bound b : filters) {
      Object value = b.filter().read(query, b.type());
      if (value != null) {
        b.filter().apply(where, b.sql(), value);
        bound.put(b.filter().name(), value);
      }
    }
    if (ctx != null) {
      for (Restriction r : restrictions) {
        Object value = r.value().apply(ctx);
        if (value == null) {
          // Fails closed: a null from a caller the function did not expect (a key without a
          // user) must not read every row.
          throw new IllegalStateException("restriction '" + r.name() + "' gave null; return "
              + "ResourceEndpoint.unrestricted() to read every row, or a value no row matches");
        }
        if (value != UNRESTRICTED) {
          where.and(r.condition(), value);
          // Restrictions are not query parameters: their names cannot collide with filters.
          bound.put(RESTRICTION + r.name(), value);
        }
      }
    }
    return new Selection(where, bound);
  }

  /** The restrictions' values by name: what the rows depend on besides path and query. */
  Map<String, Object> restrictions() {
    Map<String, Object> values = new HashMap<>();
    bound.forEach((name, value) -> {
      if (name.startsWith(RESTRICTION)) {
        values.put(name.substring(RESTRICTION.length()), value);
      }
    });
    return values;
  }
}
