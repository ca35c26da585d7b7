package dev.brisk.endpoint;

import static dev.brisk.page.SortColumn.asc;

import dev.brisk.fields.Field;
import dev.brisk.fields.Resource;
import dev.brisk.page.KeyType;
import dev.brisk.page.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sorts of a resource endpoint, derived from field names with {@code id} breaking ties. */
final class Sorts {

  private Sorts() {
  }

  /**
   * {@code id} and {@code -id}, then each named field ascending and descending, then the custom
   * sorts; the one named {@code first} moves to the front (it is what an absent {@code sort}
   * selects).
   */
  static List<Sort> derive(Resource resource, List<String> fields, List<Sort> custom,
      String first) {
    String idSql = idSql(resource);
    KeyType idType = keyType(resource.field("id"));
    Map<String, Sort> byName = new LinkedHashMap<>();
    add(byName, Sort.of("id", asc("id", idSql, idType)));
    for (String name : fields) {
      Field field = resource.field(name);
      if (field == null || name.equals("id")) {
        throw new IllegalArgumentException("sort " + name + " must name a field of resource "
            + resource.name() + " other than id (id is always offered)");
      }
      add(byName, Sort.of(name, asc(name, field.sql(), keyType(field)),
          asc("id", idSql, idType)));
    }
    for (Sort sort : custom) {
      byName.put(sort.name(), sort);
    }
    Sort chosen = byName.get(first);
    if (chosen == null) {
      throw new IllegalArgumentException("default sort '" + first + "' is not one of "
          + byName.keySet());
    }
    List<Sort> sorts = new ArrayList<>(List.of(chosen));
    byName.values().stream().filter(s -> s != chosen).forEach(sorts::add);
    return List.copyOf(sorts);
  }

  /** The SQL of the resource's {@code id} field, the tie-breaker of every derived sort. */
  static String idSql(Resource resource) {
    Field id = resource.field("id");
    if (id == null) {
      throw new IllegalArgumentException("resource " + resource.name()
          + " needs an id field to be served by a ResourceEndpoint");
    }
    return id.sql();
  }

  /** The cursor key type of a field's SQL type; a JSON field cannot be sorted by. */
  private static KeyType keyType(Field field) {
    switch (field.type()) {
      case LONG: return KeyType.BIGINT;
      case INT: return KeyType.INTEGER;
      case DOUBLE: return KeyType.DOUBLE;
      case TEXT: return KeyType.TEXT;
      case BOOL: return KeyType.BOOLEAN;
      case TIMESTAMP: return KeyType.TIMESTAMP;
      case DATE: return KeyType.DATE;
      case NUMERIC: return KeyType.NUMERIC;
      case UUID: return KeyType.UUID;
      default: throw new IllegalArgumentException("field " + field.name() + " is "
          + field.type() + ", which cannot be sorted by");
    }
  }

  private static void add(Map<String, Sort> byName, Sort sort) {
    byName.put(sort.name(), sort);
    byName.put(sort.reversed().name(), sort.reversed());
  }
}
