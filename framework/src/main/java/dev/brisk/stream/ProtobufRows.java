package dev.brisk.stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.brisk.fields.Field;
import dev.brisk.fields.FieldMask;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Rows read with a {@link FieldMask}'s projection as protobuf messages, matching mask fields to
 * message fields by name: only selected fields are set, so unselected ones are absent (proto3
 * {@code optional}). Integers map to int32/int64, text to string, timestamps and other values to
 * their JSON text (RFC 3339 for timestamps).
 *
 * <p>{@code encoder.withProtobuf(ProtobufRows.encoder(Product.getDescriptor(), mask))}
 *
 * <p>The returned function is immutable, thread-safe and runs on the caller's thread.
 */
public final class ProtobufRows {

  private ProtobufRows() {
  }

  /**
   * A row-to-message function for {@code mask} over {@code descriptor}, checked once here.
   *
   * @throws IllegalArgumentException when the mask selects an embed, or a field the message does
   *     not declare or declares with a non-scalar type
   */
  public static Function<Row, DynamicMessage> encoder(Descriptor descriptor, FieldMask mask) {
    if (!mask.embeds().isEmpty()) {
      throw new IllegalArgumentException("embeds are not supported in protobuf rows: "
          + mask.embeds().get(0).name());
    }
    Map<String, FieldDescriptor> byName = new HashMap<>();
    for (Field field : mask.fields()) {
      FieldDescriptor fd = descriptor.findFieldByName(field.name());
      if (fd == null || fd.isRepeated()
          || fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          || fd.getJavaType() == FieldDescriptor.JavaType.ENUM
          || fd.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING) {
        throw new IllegalArgumentException(descriptor.getFullName()
            + " has no scalar field named " + field.name());
      }
      byName.put(field.name(), fd);
    }
    return row -> {
      DynamicMessage.Builder message = DynamicMessage.newBuilder(descriptor);
      mask.forEachValue(row, (field, value) -> {
        if (value != null) {
          FieldDescriptor fd = byName.get(field.name());
          message.setField(fd, convert(fd, field, value));
        }
      });
      return message.build();
    };
  }

  static Object convert(FieldDescriptor fd, Field field, Object value) {
    return switch (fd.getJavaType()) {
      case LONG -> ((Number) value).longValue();
      case INT -> ((Number) value).intValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case FLOAT -> ((Number) value).floatValue();
      case BOOLEAN -> (Boolean) value;
      case STRING -> value instanceof String s ? s : String.valueOf(field.type().toJson(value));
      default -> throw new IllegalArgumentException("unsupported protobuf type " + fd.getType()
          + " for field " + field.name());
    };
  }
}
