package dev.brisk.http;

import com.google.protobuf.Descriptors.Descriptor;
import dev.brisk.internal.JsonWriter;
import dev.brisk.page.PageResult;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful response: status, headers and a body (JSON, raw bytes, or none). A JSON object
 * reply can also be offered as protobuf: {@code Reply.ok(json).withProtobuf(Product.getDescriptor())}
 * lets {@code Accept: application/x-protobuf} pick the binary form.
 *
 * <p>{@code Reply.created("/api/orders/" + id, order).withHeader("ETag", etag)}
 *
 * <p>A reply is compressed as the request's {@code Accept-Encoding} asks, unless it names its own
 * {@code Content-Encoding}: its body is then coded already (a large file compressed once and
 * kept, {@code Compression.compress}) and is sent as it is, varying on {@code Accept-Encoding};
 * give it the {@code ETag} of the uncoded body too, so every coding shares one tag.
 *
 * <p>Immutable; {@code with*} return copies.
 */
public final class Reply {

  private final int status;
  private final Map<String, String> headers;
  private final Object content;
  private final String contentType;
  private final Descriptor protobuf;

  private Reply(int status, Map<String, String> headers, Object content, String contentType,
      Descriptor protobuf) {
    this.status = status;
    this.headers = headers;
    this.content = content;
    this.contentType = contentType;
    this.protobuf = protobuf;
  }

  /** 200 with a JSON object. */
  public static Reply ok(JsonObject json) {
    return new Reply(200, Map.of(), json, MediaTypes.JSON, null);
  }

  /**
   * 200 with one page of a list: the envelope, its RFC 8288 {@code Link} header built from the
   * request's {@code path} (pass {@code ctx.normalizedPath()}: the raw one may hold dot segments
   * after a {@code //host}) and {@code query}, also offered as {@code protobuf} when not null.
   */
  public static Reply page(PageResult<JsonObject> page, String path, MultiMap query,
      Descriptor protobuf) {
    Reply reply = ok(page.toJson(json -> json)).withHeader("Vary", ReplyWriter.VARY);
    if (protobuf != null) {
      reply = reply.withProtobuf(protobuf);
    }
    var link = page.linkHeader(path, query);
    return link.isPresent() ? reply.withHeader("Link", link.get()) : reply;
  }

  /** 200 with a JSON array. */
  public static Reply ok(JsonArray json) {
    return json(200, JsonWriter.encode(json));
  }

  /** 201 with {@code Location} and a JSON body. */
  public static Reply created(String location, JsonObject json) {
    return new Reply(201, Map.of(), json, MediaTypes.JSON, null).withHeader("Location", location);
  }

  /** Any status with a JSON body already encoded. */
  public static Reply json(int status, Buffer json) {
    return new Reply(status, Map.of(), json, MediaTypes.JSON, null);
  }

  /** Any status with bytes of the given media type. */
  public static Reply bytes(int status, String contentType, Buffer body) {
    return new Reply(status, Map.of(), body, contentType, null);
  }

  /** A status with no body (204, 304). */
  public static Reply empty(int status) {
    return new Reply(status, Map.of(), null, null, null);
  }

  /** Returns a copy that also sends this header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, copy, content, contentType, protobuf);
  }

  /** Returns a copy with another status. */
  public Reply withStatus(int newStatus) {
    return new Reply(newStatus, headers, content, contentType, protobuf);
  }

  /**
   * Returns a copy that may also be sent as {@code application/x-protobuf}, encoding the JSON
   * object's members into the message type {@code descriptor} by field name. The object may be
   * given encoded ({@link #json(int, Buffer)}, or a reply {@link Idempotency} replays): it is
   * parsed only if protobuf is chosen.
   */
  public Reply withProtobuf(Descriptor descriptor) {
    if (!(content instanceof JsonObject) && encodedObject() == null) {
      throw new IllegalStateException("only JSON object replies can be offered as protobuf");
    }
    return new Reply(status, headers, content, contentType, descriptor);
  }

  /** The body when it is a JSON object given encoded, or {@code null}. */
  private Buffer encodedObject() {
    if (!(content instanceof Buffer bytes) || !MediaTypes.JSON.equals(contentType)) {
      return null;
    }
    for (int i = 0; i < bytes.length(); i++) {
      byte b = bytes.getByte(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{' ? bytes : null;
      }
    }
    return null;
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The body, or {@code null} for none. */
  public Buffer body() {
    return content instanceof JsonObject json ? JsonWriter.encode(json) : (Buffer) content;
  }

  /**
   * The JSON object body (parsed here when it was given encoded), or {@code null} when the body
   * is not one.
   */
  public JsonObject json() {
    if (content instanceof JsonObject json) {
      return json;
    }
    Buffer encoded = encodedObject();
    return encoded == null ? null : new JsonObject(encoded);
  }

  public String contentType() {
    return contentType;
  }

  /** The protobuf message type this reply can also be sent as, or {@code null}. */
  public Descriptor protobuf() {
    return protobuf;
  }
}
