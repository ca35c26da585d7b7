package dev.brisk.shop.faults;

import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop load through the cluster from plain threads: readers fetch products as a
 * {@code pro} caller (so the rate limiter runs), writers place orders with an
 * {@code Idempotency-Key} as the internal caller. Every answer is kept, a transport error as
 * status -1. Test threads only; {@link #close()} stops and joins the threads.
 */
final class ClusterLoad implements AutoCloseable {

  /** One answer: method, status (-1: no answer), problem type or null, the order id if any. */
  record Outcome(String method, int status, String problemType, Long orderId) {}

  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  private ClusterLoad() {
  }

  /** Starts {@code readers} and {@code writers} threads against HAProxy on {@code port}. */
  static ClusterLoad start(int port, int readers, int writers) {
    ClusterLoad load = new ClusterLoad();
    for (int i = 0; i < readers + writers; i++) {
      boolean writer = i >= readers;
      Client client = new Client(port);
      long seed = i * 1_000L;
      Thread thread = new Thread(() -> load.loop(client, writer, seed), "cluster-load-" + i);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  /** Reads walk the 10,000 products from a different start per thread: mostly cache misses. */
  private void loop(Client client, boolean writer, long seed) {
    for (long n = 0; running.get(); n++) {
      String method = writer ? "POST" : "GET";
      try {
        HttpResponse<String> r = writer ? client.order("load-" + UUID.randomUUID())
            : client.get("/api/products/" + (1 + (n * 7919 + seed) % 10_000), "demo-pro");
        outcomes.add(new Outcome(method, r.statusCode(), problemType(r),
            r.statusCode() == 201 ? new JsonObject(r.body()).getLong("id") : null));
      } catch (IOException e) {
        outcomes.add(new Outcome(method, -1, e.toString(), null));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String problemType(HttpResponse<String> r) {
    boolean problem = r.headers().firstValue("Content-Type")
        .filter("application/problem+json"::equals).isPresent();
    return problem ? new JsonObject(r.body()).getString("type") : null;
  }

  long successes() {
    return outcomes.stream().filter(o -> o.status() == 200 || o.status() == 201).count();
  }

  long writes() {
    return outcomes.stream().filter(o -> o.status() == 201).count();
  }

  /** Waits until at least {@code n} requests succeeded in all. */
  void awaitSuccesses(long n) {
    eventually(n + " successful requests", () -> successes() >= n);
  }

  /** Waits until at least {@code n} orders were acknowledged in all. */
  void awaitWrites(long n) {
    eventually(n + " acknowledged orders", () -> writes() >= n);
  }

  Set<Integer> statuses() {
    Set<Integer> statuses = new TreeSet<>();
    outcomes.forEach(o -> statuses.add(o.status()));
    return statuses;
  }

  /** Error answers (4xx/5xx) that are not {@code application/problem+json}. */
  long problemsWithoutType() {
    return outcomes.stream().filter(o -> o.status() >= 400 && o.problemType() == null).count();
  }

  List<Outcome> failedReads() {
    return outcomes.stream().filter(o -> o.method().equals("GET") && o.status() != 200
        && o.status() != 429).toList();
  }

  List<Outcome> failedWrites() {
    return outcomes.stream().filter(o -> o.method().equals("POST") && o.status() != 201)
        .toList();
  }

  /** Every order answered 201 can be read back. */
  void assertAcknowledgedOrdersExist(Client client) throws Exception {
    List<Long> ids = outcomes.stream().filter(o -> o.orderId() != null).map(Outcome::orderId)
        .toList();
    assertThat(ids).isNotEmpty();
    for (long id : ids) {
      HttpResponse<String> order = client.get("/api/orders/" + id);
      assertThat(order.statusCode()).as("acknowledged order " + id + ": " + order.body())
          .isEqualTo(200);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30).toMillis());
    }
  }

  /** HTTP/1.1 keep-alive client of one address; reads as the internal caller by default. */
  static final class Client {
    // One client (its selector thread and connection pool) for every Client of the test JVM.
    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    Client(int port) {
      this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return get(path, "demo-internal");
    }

    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
      return send(request(path, key).GET().build());
    }

    HttpResponse<String> patch(String path, String json) throws Exception {
      return send(request(path, "demo-internal").header("Content-Type", "application/json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** One item of one of the products 101..108 for user 7, with this idempotency key. */
    HttpResponse<String> order(String key) throws IOException, InterruptedException {
      String body = "{\"user_id\": 7, \"items\": [{\"product_id\": "
          + (101 + Math.floorMod(key.hashCode(), 8)) + ", \"quantity\": 1}]}";
      return send(request("/api/orders", "demo-internal").header("Idempotency-Key", key)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder request(String path, String key) {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(15)).header("X-API-Key", key);
    }

    private HttpResponse<String> send(HttpRequest request)
        throws IOException, InterruptedException {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
