package dev.brisk.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * What a request dispatched in process answered.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the response body (empty when none)
 */
public record DispatchedResponse(int status, MultiMap headers, Buffer body) {
}
