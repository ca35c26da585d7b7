package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar with a 64 MiB heap and {@code -XX:+ExitOnOutOfMemoryError} serves the
 * heaviest requests the API accepts today, several at once, and stays up and ready (the deadline
 * is raised so a loaded machine cannot turn them into 504s: this is about memory, not speed),
 * batches of fifty such reads included: their sub-responses are capped (1 MiB each, 16 MiB in
 * all) and their embedded rows count once against the request's row budget.
 */
class MemoryIT {

  private static final String WORST_READ = "/api/categories?limit=100&fields=id,name,products";

  private static final String WORST_BATCH = IntStream.range(0, 50)
      .mapToObj(i -> "{\"id\": \"" + i + "\", \"method\": \"GET\", \"path\": \"" + WORST_READ
          + "\"}")
      .collect(Collectors.joining(", ", "{\"requests\": [", "]}"));

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void the_heaviest_accepted_requests_leave_a_64_mib_instance_healthy() throws Exception {
    try (StartupIT.Jar app = StartupIT.Jar.start(List.of("-Xmx64m",
        "-XX:+ExitOnOutOfMemoryError"), Map.of(), "--port", "0", "--deadline", "PT30S")) {
      int port = app.awaitListening();
      assertThat(app.output()).doesNotContain("ExitOnOutOfMemoryError: an OutOfMemoryError");
      List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(send(port, HttpRequest.newBuilder().GET(), WORST_READ));
        calls.add(send(port, HttpRequest.newBuilder().GET(), "/api/products/export"));
        calls.add(send(port, HttpRequest.newBuilder().GET(),
            "/api/products?limit=100&fields=id,name,description,category(name)"));
        calls.add(send(port, HttpRequest.newBuilder().header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(WORST_BATCH)), "/api/batch"));
      }
      for (CompletableFuture<HttpResponse<Void>> call : calls) {
        assertThat(call.get().statusCode()).as(call.get().uri() + "\n" + app.output())
            .isEqualTo(200);
      }
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(app.output()).isEqualTo(200);
      assertThat(app.isAlive()).isTrue();
      assertThat(app.output()).doesNotContain("OutOfMemoryError");
    }
  }

  private CompletableFuture<HttpResponse<Void>> send(int port, HttpRequest.Builder request,
      String path) {
    return http.sendAsync(request.uri(URI.create("http://127.0.0.1:" + port + path))
        .header("X-API-Key", "demo-internal").build(), HttpResponse.BodyHandlers.discarding());
  }
}
