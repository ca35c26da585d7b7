package dev.brisk.stream;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The bytes of each format: prelude, items, epilogue, error record and heartbeat. */
final class Frames {

  private Frames() {
  }

  static Buffer prelude(StreamFormat format, StreamOptions options) {
    return switch (format) {
      case JSON_ARRAY -> Buffer.buffer("[");
      case SSE -> Buffer.buffer("retry: " + options.retry().toMillis() + "\n\n");
      default -> Buffer.buffer();
    };
  }

  /** Appends item number {@code index} (0-based) to {@code out}. */
  static <T> void item(Buffer out, StreamFormat format, StreamEncoder<T> encoder, T item,
      long index) {
    switch (format) {
      case NDJSON -> {
        encoder.writeJson(item, out);
        out.appendByte((byte) '\n');
      }
      case JSON_ARRAY -> {
        if (index > 0) {
          out.appendString(",\n");
        }
        encoder.writeJson(item, out);
      }
      case SSE -> sseItem(out, encoder, item);
      case PROTOBUF -> encoder.protobuf().accept(item, out);
      default -> throw new IllegalStateException("unknown format " + format);
    }
  }

  private static <T> void sseItem(Buffer out, StreamEncoder<T> encoder, T item) {
    if (encoder.eventId() != null) {
      String id = encoder.eventId().apply(item);
      if (id != null) {
        // An id with a line break would end the field early and corrupt the event.
        out.appendString("id: ").appendString(id.replaceAll("[\r\n\0]", "")).appendByte(
            (byte) '\n');
      }
    }
    out.appendString("event: ").appendString(encoder.eventName()).appendString("\ndata: ");
    encoder.writeJson(item, out);
    out.appendString("\n\n");
  }

  /** {@code MessageLite.writeDelimitedTo} framing: varint length, then the message. */
  static void delimited(Buffer out, MessageLite message) {
    int size = message.getSerializedSize();
    byte[] bytes = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
    CodedOutputStream coded = CodedOutputStream.newInstance(bytes);
    try {
      coded.writeUInt32NoTag(size);
      message.writeTo(coded);
      coded.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.appendBytes(bytes);
  }

  static Buffer epilogue(StreamFormat format, long count) {
    return switch (format) {
      case JSON_ARRAY -> Buffer.buffer("]\n");
      case SSE -> Buffer.buffer("event: end\ndata: "
          + new JsonObject().put("count", count).encode() + "\n\n");
      default -> Buffer.buffer();
    };
  }

  /** The final error record, or {@code null} when the format has none (the stream is reset). */
  static Buffer error(StreamFormat format, Problem problem) {
    return switch (format) {
      case NDJSON -> new JsonObject().put("error", problem.toJson()).toBuffer()
          .appendByte((byte) '\n');
      case SSE -> Buffer.buffer("event: error\ndata: ").appendBuffer(problem.toJson().toBuffer())
          .appendString("\n\n");
      default -> null;
    };
  }

  static Buffer heartbeat() {
    return Buffer.buffer("event: heartbeat\ndata: {}\n\n");
  }
}
