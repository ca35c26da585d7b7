package dev.brisk.load;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;

/**
 * One HTTP request a scenario wants sent.
 *
 * @param method HTTP method
 * @param uri path and query, e.g. {@code /api/products/7}
 * @param headers request headers; shared between requests, so never mutated after creation
 * @param body request body, or {@code null}
 */
public record RequestSpec(HttpMethod method, String uri, MultiMap headers, Buffer body) {

  /** Validates; any thread. */
  public RequestSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
  }

  /** A bodiless GET; any thread. {@code RequestSpec.get("/api/products/1", headers)} */
  public static RequestSpec get(String uri, MultiMap headers) {
    return new RequestSpec(HttpMethod.GET, uri, headers, null);
  }
}
