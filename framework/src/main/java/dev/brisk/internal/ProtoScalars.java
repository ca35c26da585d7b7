package dev.brisk.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;

/**
 * Size and bytes of one scalar protobuf field from a JSON-shaped value (numbers of any width,
 * booleans, text; anything else written as its {@code toString()} into string fields).
 * Pure functions; thread-safe.
 */
final class ProtoScalars {

  private ProtoScalars() {
  }

  /** Whether {@link #size}/{@link #write} handle fields of this type. */
  static boolean supports(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT64, UINT64, SINT64, FIXED64, SFIXED64, INT32, UINT32, SINT32, FIXED32, SFIXED32,
          DOUBLE, FLOAT, BOOL, STRING -> true;
      default -> false;
    };
  }

  static int size(FieldDescriptor field, int number, Object value) {
    return size(field.getType(), field, number, value);
  }

  /** As {@link #size(FieldDescriptor, int, Object)} with the field's type read once before. */
  static int size(FieldDescriptor.Type type, FieldDescriptor field, int number, Object value) {
    return switch (type) {
      case INT64 -> CodedOutputStream.computeInt64Size(number, asLong(value));
      case UINT64 -> CodedOutputStream.computeUInt64Size(number, asLong(value));
      case SINT64 -> CodedOutputStream.computeSInt64Size(number, asLong(value));
      case FIXED64, SFIXED64, DOUBLE -> CodedOutputStream.computeTagSize(number) + 8;
      case INT32 -> CodedOutputStream.computeInt32Size(number, asInt(value));
      case UINT32 -> CodedOutputStream.computeUInt32Size(number, asInt(value));
      case SINT32 -> CodedOutputStream.computeSInt32Size(number, asInt(value));
      case FIXED32, SFIXED32, FLOAT -> CodedOutputStream.computeTagSize(number) + 4;
      case BOOL -> CodedOutputStream.computeTagSize(number) + 1;
      case STRING -> CodedOutputStream.computeStringSize(number, text(value));
      default -> throw unsupported(field);
    };
  }

  static void write(FieldDescriptor field, int number, Object value, CodedOutputStream out)
      throws IOException {
    write(field.getType(), field, number, value, out);
  }

  /** As {@link #write(FieldDescriptor, int, Object, CodedOutputStream)}, type read before. */
  static void write(FieldDescriptor.Type type, FieldDescriptor field, int number, Object value,
      CodedOutputStream out) throws IOException {
    switch (type) {
      case INT64 -> out.writeInt64(number, asLong(value));
      case UINT64 -> out.writeUInt64(number, asLong(value));
      case SINT64 -> out.writeSInt64(number, asLong(value));
      case FIXED64 -> out.writeFixed64(number, asLong(value));
      case SFIXED64 -> out.writeSFixed64(number, asLong(value));
      case DOUBLE -> out.writeDouble(number, ((Number) value).doubleValue());
      case INT32 -> out.writeInt32(number, asInt(value));
      case UINT32 -> out.writeUInt32(number, asInt(value));
      case SINT32 -> out.writeSInt32(number, asInt(value));
      case FIXED32 -> out.writeFixed32(number, asInt(value));
      case SFIXED32 -> out.writeSFixed32(number, asInt(value));
      case FLOAT -> out.writeFloat(number, ((Number) value).floatValue());
      case BOOL -> out.writeBool(number, (Boolean) value);
      case STRING -> out.writeString(number, text(value));
      default -> throw unsupported(field);
    }
  }

  private static long asLong(Object value) {
    return ((Number) value).longValue();
  }

  private static int asInt(Object value) {
    return ((Number) value).intValue();
  }

  private static String text(Object value) {
    return value instanceof String s ? s : value.toString();
  }

  private static IllegalStateException unsupported(FieldDescriptor field) {
    return new IllegalStateException("unsupported protobuf field type " + field.getType()
        + " for " + field.getFullName());
  }
}
