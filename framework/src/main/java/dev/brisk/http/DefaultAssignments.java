package dev.brisk.http;

import dev.brisk.fields.Field;
import dev.brisk.fields.FieldType;
import dev.brisk.fields.Resource;
import dev.brisk.internal.Echo;
import dev.brisk.internal.Timestamps;
import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@link Assignments} from the columns and types of a resource's fields. */
final class DefaultAssignments implements Assignments {

  private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

  /** Where a member goes: its quoted column and the type its value is bound as. */
  private record Target(String column, FieldType type) {
  }

  private final Map<String, Target> targets;

  private DefaultAssignments(Map<String, Target> targets) {
    this.targets = targets;
  }

  static DefaultAssignments of(Resource resource, ObjectNode schema) {
    Map<String, Target> targets = new LinkedHashMap<>();
    for (String name : schema.names()) {
      Field field = resource.field(name);
      if (field == null) {
        throw new IllegalArgumentException("member " + name + " is no field of "
            + resource.name() + "; fields: " + resource.fields().stream().map(Field::name)
            .toList());
      }
      String prefix = resource.alias() + ".";
      String column = field.sql().startsWith(prefix) ? field.sql().substring(prefix.length())
          : "";
      if (!COLUMN.matcher(column).matches()) {
        throw new IllegalArgumentException("field " + resource.name() + "." + name + " reads "
            + field.sql() + ", not a column of " + resource.table() + "; only a column can be "
            + "set");
      }
      if (!schema.member(name).binds(field.type())) {
        throw new IllegalArgumentException("member " + name + " " + schema.member(name).toJson()
            .encode() + " cannot set " + resource.name() + "." + name + " of type "
            + field.type());
      }
      // Quoted, so that a column named by a reserved word (order, user) can be set too.
      targets.put(name, new Target("\"" + column + "\"", field.type()));
    }
    return new DefaultAssignments(targets);
  }

  @Override
  public String set(JsonObject valid, Tuple args) {
    if (valid.isEmpty()) {
      throw Problem.validation(List.of(Problem.FieldError.of("",
          ObjectNode.changesNothing(targets.keySet()))));
    }
    StringJoiner set = new StringJoiner(", ");
    for (Map.Entry<String, Object> member : valid) {
      Target target = targets.get(member.getKey());
      if (target == null) {
        throw new IllegalArgumentException("member " + Echo.clip(member.getKey(), 40)
            + " is not declared; pass the body the schema validated");
      }
      args.addValue(bind(member.getValue(), target.type()));
      set.add(target.column() + " = $" + args.size());
    }
    return set.toString();
  }

  /** A valid value as the driver binds it to a column of {@code type}. */
  private static Object bind(Object value, FieldType type) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case DATE -> LocalDate.parse((String) value);
      case TIMESTAMP -> Timestamps.parse((String) value);
      case UUID -> UUID.fromString((String) value);
      case NUMERIC -> value instanceof BigDecimal ? value
          : BigDecimal.valueOf(((Number) value).longValue());
      case LONG -> ((Number) value).longValue();
      case DOUBLE -> ((Number) value).doubleValue();
      default -> value;
    };
  }
}
