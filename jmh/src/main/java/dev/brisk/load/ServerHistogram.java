package dev.brisk.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own latency histogram of one route's 2xx answers
 * ({@code brisk_http_server_requests_seconds_bucket} on {@code /metrics}), read before and after a
 * run so the difference tells how long admitted requests took inside the server: from the
 * request head to the response, waiting for a concurrency slot included. Compared with the
 * client's figure it separates what the server's admission controls from time spent in sockets
 * and schedulers. Blocking; call from the harness's main thread.
 */
final class ServerHistogram {

  private static final Pattern BUCKET = Pattern.compile(
      "^brisk_http_server_requests_seconds_bucket\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");
  private static final Pattern SUCCESS = Pattern.compile("status=\"2\\d\\d\"");

  private final URI metrics;
  private final String route;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code new ServerHistogram(URI.create("http://127.0.0.1:8080"), "/api/orders")} */
  ServerHistogram(URI base, String route) {
    this.metrics = base.resolve("/metrics");
    this.route = route;
  }

  /** Cumulative counts by upper bound in seconds (+Inf as {@link Double#POSITIVE_INFINITY}). */
  Map<Double, Double> read() {
    HttpRequest request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build();
    String body;
    try {
      body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + metrics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + metrics, e);
    }
    return parse(body, route);
  }

  /** The 2xx buckets of {@code route} (all 2xx codes summed) in a Prometheus text exposition. */
  static Map<Double, Double> parse(String body, String route) {
    Map<Double, Double> buckets = new TreeMap<>();
    Matcher m = BUCKET.matcher(body);
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("route=\"" + route + "\"") && SUCCESS.matcher(labels).find()) {
        Matcher le = LE.matcher(labels);
        if (le.find()) {
          double bound = le.group(1).equals("+Inf")
              ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
          buckets.merge(bound, Double.parseDouble(m.group(2)), Double::sum);
        }
      }
    }
    return buckets;
  }

  /**
   * The smallest bucket bound (ms) holding {@code quantile} of the answers counted between two
   * reads, or NaN when none were; an upper bound, as precise as the server's buckets.
   */
  static double upperBoundMillis(Map<Double, Double> before, Map<Double, Double> after,
      double quantile) {
    double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
        - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Double> e : after.entrySet()) {
      double count = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (count >= quantile * total) {
        return e.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
