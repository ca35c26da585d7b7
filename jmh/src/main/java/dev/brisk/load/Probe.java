package dev.brisk.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Blocking HTTP client for the control plane (readiness, scenario preparation), kept apart from
 * the measured Vert.x client. Runs on the harness's main thread only.
 */
public final class Probe {

  /** One probe answer. */
  record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final Map<String, String> defaultHeaders;

  Probe(URI base, Map<String, String> defaultHeaders) {
    this.base = base;
    this.defaultHeaders = Map.copyOf(defaultHeaders);
  }

  /** The target's base URI, e.g. {@code http://127.0.0.1:8080}. */
  URI base() {
    return base;
  }

  /** GET with the default headers plus {@code extra}; status -1 when the target is unreachable. */
  Answer get(String path, Map<String, String> extra) {
    return send("GET", path, extra, null);
  }

  /** Sends one request; status -1 (and the error as body) when the target is unreachable. */
  Answer send(String method, String path, Map<String, String> extra, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    defaultHeaders.forEach(b::header);
    extra.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      return new Answer(-1, Map.of(), String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
