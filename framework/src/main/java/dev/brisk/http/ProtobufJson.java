package dev.brisk.http;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.internal.ProtoWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Encodes a JSON object into a protobuf message by field name (snake_case names on both sides),
 * recursing into nested messages and repeated fields, written directly
 * in one pass from a plan built once per message type (no {@code DynamicMessage}).
 * Members the message type does not declare are a programming error. Used by
 * {@link Reply#withProtobuf}; public for benchmarks.
 *
 * <p>{@code Buffer bytes = ProtobufJson.encode(json, Product.getDescriptor());}
 *
 * <p>Runs on the caller's thread; no reflection on generated classes.
 */
public final class ProtobufJson {

  private ProtobufJson() {
  }

  /**
   * The message's bytes.
   *
   * @throws IllegalStateException when a member has no field of that name or an unsupported type
   */
  public static Buffer encode(JsonObject json, Descriptor type) {
    return ProtoWriter.plan(type).encodeToBuffer(json.getMap());
  }
}
