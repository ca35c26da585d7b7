package dev.brisk.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;

/**
 * One scalar protobuf field written from a JSON-shaped value (numbers of any width, booleans,
 * text; anything else written as its {@code toString()} into string fields), with its tag
 * encoded once per field. Pure functions; thread-safe.
 */
final class ProtoScalars {

  private ProtoScalars() {
  }

  /** Whether {@link #write} handles fields of this type. */
  static boolean supports(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT64, UINT64, SINT64, FIXED64, SFIXED64, INT32, UINT32, SINT32, FIXED32, SFIXED32,
          DOUBLE, FLOAT, BOOL, STRING -> true;
      default -> false;
    };
  }

  /** The field's tag as varint bytes: its number and the wire type of its type. */
  static byte[] tag(FieldDescriptor field) {
    int wireType = switch (field.getType()) {
      case FIXED64, SFIXED64, DOUBLE -> WireFormat.WIRETYPE_FIXED64;
      case FIXED32, SFIXED32, FLOAT -> WireFormat.WIRETYPE_FIXED32;
      case STRING, BYTES, MESSAGE -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
      default -> WireFormat.WIRETYPE_VARINT;
    };
    ProtoOut out = new ProtoOut();
    out.varint(((long) field.getNumber() << 3) | wireType);
    return out.toBytes();
  }

  /** Writes {@code tag} and {@code value} as a field of {@code type}. */
  static void write(FieldDescriptor.Type type, byte[] tag, Object value, ProtoOut out) {
    out.tag(tag);
    switch (type) {
      case INT64, UINT64 -> out.varint(asLong(value));
      case SINT64 -> out.varint((asLong(value) << 1) ^ (asLong(value) >> 63));
      case FIXED64, SFIXED64 -> out.fixed64(asLong(value));
      case DOUBLE -> out.fixed64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
      case INT32 -> out.varint(asInt(value));
      case UINT32 -> out.varint(asInt(value) & 0xFFFFFFFFL);
      case SINT32 -> out.varint(((asInt(value) << 1) ^ (asInt(value) >> 31)) & 0xFFFFFFFFL);
      case FIXED32, SFIXED32 -> out.fixed32(asInt(value));
      case FLOAT -> out.fixed32(Float.floatToRawIntBits(((Number) value).floatValue()));
      case BOOL -> out.varint((Boolean) value ? 1 : 0);
      case STRING -> out.string(value instanceof String s ? s : value.toString());
      default -> throw new IllegalStateException("unsupported protobuf field type " + type);
    }
  }

  private static long asLong(Object value) {
    return ((Number) value).longValue();
  }

  private static int asInt(Object value) {
    return ((Number) value).intValue();
  }
}
