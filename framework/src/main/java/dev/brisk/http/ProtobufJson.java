package dev.brisk.http;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Encodes a JSON object into a protobuf message by field name (snake_case names on both sides),
 * recursing into nested messages and repeated fields. Members the message type does not declare
 * are a programming error. Used by {@link Reply#withProtobuf}; public for streams and benchmarks.
 *
 * <p>{@code Buffer bytes = ProtobufJson.encode(json, Product.getDescriptor());}
 *
 * <p>Runs on the caller's thread; no reflection on generated classes.
 */
public final class ProtobufJson {

  private ProtobufJson() {
  }

  /** The message's bytes. */
  public static Buffer encode(JsonObject json, Descriptor type) {
    return Buffer.buffer(message(json, type).toByteArray());
  }

  /** The message as a {@link DynamicMessage}, e.g. for {@code writeDelimitedTo}. */
  public static DynamicMessage message(JsonObject json, Descriptor type) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    for (Map.Entry<String, Object> member : json) {
      if (member.getValue() == null) {
        continue;
      }
      FieldDescriptor field = type.findFieldByName(member.getKey());
      if (field == null) {
        throw new IllegalStateException(type.getFullName() + " has no field '"
            + member.getKey() + "'");
      }
      if (field.isRepeated()) {
        for (Object item : (JsonArray) member.getValue()) {
          builder.addRepeatedField(field, value(field, item));
        }
      } else {
        builder.setField(field, value(field, member.getValue()));
      }
    }
    return builder.build();
  }

  private static Object value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> message((JsonObject) value, field.getMessageType());
      case LONG -> ((Number) value).longValue();
      case INT -> ((Number) value).intValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case FLOAT -> ((Number) value).floatValue();
      case BOOLEAN -> (Boolean) value;
      case STRING -> value.toString();
      default -> throw new IllegalStateException("unsupported protobuf field type "
          + field.getJavaType() + " for " + field.getFullName());
    };
  }
}
