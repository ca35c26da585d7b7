package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerHistogramTest {

  private static String exposition(long le10, long le25, long le50, long inf) {
    return String.join("\n",
        "# TYPE brisk_http_server_requests_seconds histogram",
        bucket("/api/orders", "200", "0.01", le10),
        bucket("/api/orders", "200", "0.025", le25),
        bucket("/api/orders", "200", "0.05", le50),
        bucket("/api/orders", "200", "+Inf", inf),
        bucket("/api/orders", "503", "0.01", 1000),
        bucket("/api/orders", "503", "+Inf", 1000),
        bucket("/api/orders/:id", "200", "0.01", 500),
        bucket("/api/orders/:id", "200", "+Inf", 500),
        "brisk_http_server_requests_seconds_count{method=\"GET\",route=\"/api/orders\","
            + "status=\"200\"} " + inf) + "\n";
  }

  private static String bucket(String route, String status, String le, long count) {
    return "brisk_http_server_requests_seconds_bucket{le=\"" + le + "\",method=\"GET\",route=\""
        + route + "\",status=\"" + status + "\"} " + count;
  }

  @Test
  void reads_only_the_routes_2xx_buckets() {
    Map<Double, Double> buckets = ServerHistogram.parse(exposition(1, 2, 3, 4), "/api/orders");

    assertThat(buckets).containsExactly(Map.entry(0.01, 1.0), Map.entry(0.025, 2.0),
        Map.entry(0.05, 3.0), Map.entry(Double.POSITIVE_INFINITY, 4.0));
  }

  @Test
  void sums_the_buckets_of_every_success_code() {
    String body = String.join("\n", bucket("/api/orders", "200", "0.01", 3),
        bucket("/api/orders", "201", "0.01", 2), bucket("/api/orders", "404", "0.01", 7)) + "\n";

    assertThat(ServerHistogram.parse(body, "/api/orders")).containsExactly(Map.entry(0.01, 5.0));
  }

  @Test
  void the_quantile_bound_counts_only_what_happened_between_two_reads() {
    Map<Double, Double> before = ServerHistogram.parse(exposition(900, 900, 900, 900),
        "/api/orders");
    // 100 new answers: 10 within 10 ms, 85 more within 25 ms, 4 within 50 ms, 1 slower.
    Map<Double, Double> after = ServerHistogram.parse(exposition(910, 995, 999, 1000),
        "/api/orders");

    assertThat(ServerHistogram.upperBoundMillis(before, after, 0.5)).isEqualTo(25.0);
    assertThat(ServerHistogram.upperBoundMillis(before, after, 0.99)).isEqualTo(50.0);
    assertThat(ServerHistogram.upperBoundMillis(before, after, 1.0))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ServerHistogram.upperBoundMillis(before, before, 0.99)).isNaN();
  }
}
