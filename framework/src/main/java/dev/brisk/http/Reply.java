package dev.brisk.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful response: status, headers and a body (JSON, raw bytes, or none).
 *
 * <p>{@code Reply.created("/api/orders/" + id, order).withHeader("ETag", etag)}
 *
 * <p>Immutable; {@code with*} return copies.
 */
public final class Reply {

  private final int status;
  private final Map<String, String> headers;
  private final Buffer body;
  private final String contentType;

  private Reply(int status, Map<String, String> headers, Buffer body, String contentType) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.contentType = contentType;
  }

  /** 200 with a JSON object. */
  public static Reply ok(JsonObject json) {
    return json(200, json.toBuffer());
  }

  /** 200 with a JSON array. */
  public static Reply ok(JsonArray json) {
    return json(200, json.toBuffer());
  }

  /** 201 with {@code Location} and a JSON body. */
  public static Reply created(String location, JsonObject json) {
    return json(201, json.toBuffer()).withHeader("Location", location);
  }

  /** Any status with a JSON body already encoded. */
  public static Reply json(int status, Buffer json) {
    return new Reply(status, Map.of(), json, "application/json");
  }

  /** Any status with bytes of the given media type. */
  public static Reply bytes(int status, String contentType, Buffer body) {
    return new Reply(status, Map.of(), body, contentType);
  }

  /** A status with no body (204, 304). */
  public static Reply empty(int status) {
    return new Reply(status, Map.of(), null, null);
  }

  /** Returns a copy that also sends this header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, copy, body, contentType);
  }

  /** Returns a copy with another status. */
  public Reply withStatus(int newStatus) {
    return new Reply(newStatus, headers, body, contentType);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The body, or {@code null} for none. */
  public Buffer body() {
    return body;
  }

  public String contentType() {
    return contentType;
  }
}
