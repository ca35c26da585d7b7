package dev.brisk.shop;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Blocking HTTP calls for tests (test threads only). Requests carry {@code X-API-Key:
 * demo-internal} unless the headers name {@code X-API-Key} or {@code Authorization} themselves;
 * {@code "X-API-Key", null} sends an anonymous request.
 */
public final class Http {

  private Http() {
  }

  public static HttpResponse<Buffer> get(String uri, String... headers) {
    return TestBrisk.await(send(HttpMethod.GET, uri, null, headers));
  }

  public static HttpResponse<Buffer> post(String uri, String contentType, String body,
      String... headers) {
    return TestBrisk.await(send(HttpMethod.POST, uri, body == null ? null : Buffer.buffer(body),
        with(headers, "Content-Type", contentType)));
  }

  public static HttpResponse<Buffer> postJson(String uri, JsonObject body, String... headers) {
    return post(uri, "application/json", body.encode(), headers);
  }

  /** Sends without waiting, for concurrency tests. */
  public static Future<HttpResponse<Buffer>> send(HttpMethod method, String uri, Buffer body,
      String... headers) {
    boolean credential = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      credential |= headers[i].equalsIgnoreCase("X-API-Key")
          || headers[i].equalsIgnoreCase("Authorization");
    }
    return TestShop.kit().send(method, uri, body,
        credential ? headers : with(headers, "X-API-Key", "demo-internal"));
  }

  static String[] with(String[] headers, String name, String value) {
    String[] all = new String[headers.length + 2];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = name;
    all[headers.length + 1] = value;
    return all;
  }

  /** The body as JSON, failing the test with the raw body if it is not an object. */
  public static JsonObject json(HttpResponse<Buffer> response) {
    return new JsonObject(response.bodyAsString());
  }
}
