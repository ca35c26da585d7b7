package dev.brisk.stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.MessageLite;
import dev.brisk.fields.FieldMask;
import dev.brisk.internal.JsonWriter;
import dev.brisk.internal.ProtoWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a {@link Streamer} turns each item into bytes: JSON (NDJSON, JSON array and SSE data),
 * optionally a protobuf message, and for SSE an event id (a resumable position such as the row's
 * keyset value) and event name.
 *
 * <pre>{@code
 * Descriptor product = Product.getDescriptor();
 * StreamEncoder<Row> enc = StreamEncoder.json(mask::toJson)
 *     .withProtobufWriter(product, ProtobufRows.writer(product, mask))
 *     .withEventId(row -> row.getLong("id").toString())
 *     .withEventName("product");
 * }</pre>
 *
 * <p>For rows read with a field mask, {@link #rows(FieldMask)} adds a {@link RowJson} writer that
 * skips building a {@code JsonObject} per row.
 *
 * <p>Immutable (but {@link #rows} holds a per-stream writer: build one per request); the functions
 * run on the stream's event loop and must not block.
 *
 * @param json the item as a JSON object
 * @param jsonWriter writes the item's JSON straight into a buffer (the same bytes as
 *     {@code json(item).toBuffer()}), or {@code null} to use {@code json}
 * @param protobuf appends the item as one length-delimited protobuf message, or {@code null}
 *     when protobuf is not offered
 * @param eventId the SSE {@code id:} of the item, or {@code null} for events without ids
 * @param eventName the SSE {@code event:} name of items
 * @param protobufMessage the full name of the message {@code protobuf} writes (what a
 *     {@code proto} parameter of {@code Accept} must name), or {@code null} without protobuf
 */
public record StreamEncoder<T>(Function<T, JsonObject> json, BiConsumer<T, Buffer> jsonWriter,
    BiConsumer<T, Buffer> protobuf, Function<T, String> eventId, String eventName,
    String protobufMessage) {

  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** Validates the functions, the event name, and that protobuf comes with its message. */
  public StreamEncoder {
    Objects.requireNonNull(json, "json");
    if ((protobuf == null) != (protobufMessage == null)) {
      throw new IllegalArgumentException("protobuf and protobufMessage go together, was "
          + protobufMessage);
    }
    Objects.requireNonNull(eventName, "eventName");
    if (!EVENT_NAME.matcher(eventName).matches()) {
      throw new IllegalArgumentException("eventName must match " + EVENT_NAME + ", was '"
          + eventName + "'");
    }
  }

  /** An encoder writing items as JSON; SSE events are named {@code message} and carry no id. */
  public static <T> StreamEncoder<T> json(Function<T, JsonObject> json) {
    return new StreamEncoder<>(json, null, null, null, "message", null);
  }

  /**
   * An encoder for rows read with {@code mask}'s projection: JSON through {@link RowJson} (fast
   * path) and {@code mask.toJson}. Create one per stream.
   */
  public static StreamEncoder<Row> rows(FieldMask mask) {
    return json(mask::toJson).withJsonWriter(RowJson.writer(mask));
  }

  /** Returns a copy that writes JSON with {@code writer} instead of building objects. */
  public StreamEncoder<T> withJsonWriter(BiConsumer<T, Buffer> writer) {
    return new StreamEncoder<>(json, writer, protobuf, eventId, eventName, protobufMessage);
  }

  /**
   * Returns a copy that can also write {@link StreamFormat#PROTOBUF} from generated messages of
   * type {@code message}: {@code withProtobuf(Product.getDescriptor(), this::toProduct)}.
   */
  public StreamEncoder<T> withProtobuf(Descriptor message,
      Function<T, ? extends MessageLite> fn) {
    Objects.requireNonNull(fn, "fn");
    return withProtobufWriter(message, (item, out) -> Frames.delimited(out, fn.apply(item)));
  }

  /**
   * Returns a copy that can also write {@link StreamFormat#PROTOBUF}, appending each item as one
   * length-delimited {@code message} with {@code writer} (such as {@link ProtobufRows#writer}).
   */
  public StreamEncoder<T> withProtobufWriter(Descriptor message, BiConsumer<T, Buffer> writer) {
    return new StreamEncoder<>(json, jsonWriter, Objects.requireNonNull(writer, "writer"),
        eventId, eventName, message.getFullName());
  }

  /**
   * Returns a copy that can also write {@link StreamFormat#PROTOBUF}, encoding each item's JSON
   * ({@link #json()}) as one length-delimited {@code message} by member name, nested objects and
   * lists included, as a JSON reply offered as protobuf is encoded (rows with embeds).
   */
  public StreamEncoder<T> withProtobufJson(Descriptor message) {
    ProtoWriter plan = ProtoWriter.plan(Objects.requireNonNull(message, "message"));
    return withProtobufWriter(message,
        (item, out) -> plan.encodeDelimited(json.apply(item).getMap(), out));
  }

  /** Returns a copy whose SSE events carry {@code id: fn(item)}. */
  public StreamEncoder<T> withEventId(Function<T, String> fn) {
    return new StreamEncoder<>(json, jsonWriter, protobuf, fn, eventName, protobufMessage);
  }

  /** Returns a copy whose SSE item events are named {@code name}. */
  public StreamEncoder<T> withEventName(String name) {
    return new StreamEncoder<>(json, jsonWriter, protobuf, eventId, name, protobufMessage);
  }

  /** Appends the item's JSON to {@code out}, through the writer when there is one. */
  public void writeJson(T item, Buffer out) {
    if (jsonWriter != null) {
      jsonWriter.accept(item, out);
    } else {
      out.appendBuffer(JsonWriter.encode(json.apply(item)));
    }
  }

  /** Whether this encoder can write {@code format}. */
  public boolean supports(StreamFormat format) {
    return format != StreamFormat.PROTOBUF || protobuf != null;
  }

  /** The formats this encoder can write, in {@link StreamFormat#all()} order, for negotiation. */
  public List<StreamFormat> formats() {
    List<StreamFormat> formats = new ArrayList<>();
    for (StreamFormat f : StreamFormat.values()) {
      if (supports(f)) {
        formats.add(f);
      }
    }
    return List.copyOf(formats);
  }
}
