package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * One entry of a batch: either runnable (method, URI, headers, body, dependencies) or invalid
 * with the problem to answer in its place.
 */
record SubRequest(int index, String id, HttpMethod method, String uri, MultiMap headers,
    Buffer body, List<String> dependsOn, Problem invalid) {

  static SubRequest invalid(int index, String id, List<String> dependsOn, Problem problem) {
    return new SubRequest(index, id, null, null, null, null, dependsOn, problem);
  }

  boolean isValid() {
    return invalid == null;
  }
}
