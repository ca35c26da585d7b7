package dev.brisk.endpoint;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.brisk.fields.Cardinality;
import dev.brisk.fields.Embed;
import dev.brisk.fields.Field;
import dev.brisk.fields.Resource;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks when an endpoint is built that its protobuf messages can carry every representation
 * {@code fields} may select: each field of the resource a singular field of the same name and a
 * type its values fit, each embed a message field (repeated for a to-many embed, with its
 * {@code <name>_has_more} flag), at every depth, and a page message of {@code data} and
 * {@code page}. Without it a mismatch was a 500 on the first protobuf request selecting it.
 */
final class ProtobufCheck {

  private static final List<String> PAGE_INFO = List.of("limit", "next_cursor", "prev_cursor",
      "has_more");

  private ProtobufCheck() {
  }

  /** @throws IllegalArgumentException naming the first member {@code message} cannot carry */
  static void rows(Resource resource, Descriptor message) {
    check(resource, message, new HashSet<>());
  }

  /** @throws IllegalArgumentException when {@code page} is no list envelope of {@code one} */
  static void page(Descriptor one, Descriptor page) {
    FieldDescriptor data = page.findFieldByName("data");
    if (data == null || !data.isRepeated()
        || data.getJavaType() != FieldDescriptor.JavaType.MESSAGE
        || !data.getMessageType().equals(one)) {
      throw new IllegalArgumentException(page.getFullName() + " needs `repeated "
          + one.getFullName() + " data`, the rows of a page");
    }
    FieldDescriptor info = page.findFieldByName("page");
    if (info == null || info.isRepeated()
        || info.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !PAGE_INFO.stream()
            .allMatch(name -> info.getMessageType().findFieldByName(name) != null)) {
      throw new IllegalArgumentException(page.getFullName() + " needs a `page` message with "
          + String.join(", ", PAGE_INFO) + ", the page's cursors");
    }
  }

  private static void check(Resource resource, Descriptor message, Set<String> seen) {
    if (!seen.add(resource.name() + "=" + message.getFullName())) {
      return;
    }
    for (Field field : resource.fields()) {
      FieldDescriptor target = message.findFieldByName(field.name());
      if (target == null || target.isRepeated() || !fits(field, target.getType())) {
        throw new IllegalArgumentException(message.getFullName() + " cannot carry "
            + resource.name() + "." + field.name() + " of type " + field.type()
            + (target == null ? ": it has no such field" : ", declared " + declared(target))
            + "; declare `optional " + suggested(field) + " " + field.name() + "`");
      }
    }
    for (Embed embed : resource.embeds()) {
      boolean many = embed.cardinality() == Cardinality.MANY;
      FieldDescriptor target = message.findFieldByName(embed.name());
      if (target == null || target.getJavaType() != FieldDescriptor.JavaType.MESSAGE
          || target.isRepeated() != many) {
        throw new IllegalArgumentException(message.getFullName() + " cannot carry the embed "
            + embed.qualifiedName() + ": declare `" + (many ? "repeated " : "optional ")
            + "<message of " + embed.target().name() + "> " + embed.name() + "`");
      }
      FieldDescriptor more = message.findFieldByName(embed.name() + "_has_more");
      if (many && (more == null || more.getType() != FieldDescriptor.Type.BOOL)) {
        throw new IllegalArgumentException(message.getFullName() + " cannot say that "
            + embed.qualifiedName() + " was capped: declare `optional bool " + embed.name()
            + "_has_more`");
      }
      check(embed.target(), target.getMessageType(), seen);
    }
  }

  private static boolean fits(Field field, FieldDescriptor.Type type) {
    return switch (field.type()) {
      // An int32 would silently wrap a bigint past 2^31.
      case LONG -> type == FieldDescriptor.Type.INT64 || type == FieldDescriptor.Type.SINT64
          || type == FieldDescriptor.Type.SFIXED64;
      case INT -> switch (type) {
        case INT32, SINT32, SFIXED32, INT64, SINT64, SFIXED64 -> true;
        default -> false;
      };
      case DOUBLE -> type == FieldDescriptor.Type.DOUBLE || type == FieldDescriptor.Type.FLOAT;
      case NUMERIC -> type == FieldDescriptor.Type.STRING || type == FieldDescriptor.Type.DOUBLE;
      case BOOL -> type == FieldDescriptor.Type.BOOL;
      default -> type == FieldDescriptor.Type.STRING;
    };
  }

  private static String suggested(Field field) {
    return switch (field.type()) {
      case LONG -> "int64";
      case INT -> "int32";
      case DOUBLE -> "double";
      case BOOL -> "bool";
      default -> "string";
    };
  }

  private static String declared(FieldDescriptor target) {
    return (target.isRepeated() ? "repeated " : "")
        + target.getType().name().toLowerCase(Locale.ROOT);
  }
}
