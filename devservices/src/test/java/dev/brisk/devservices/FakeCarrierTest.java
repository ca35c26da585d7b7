package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake carrier's contract (API.md "The fake carrier"): quotes, faults, request counts. */
class FakeCarrierTest {

  private final FakeCarrier carrier = FakeCarrier.start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    carrier.close();
  }

  @Test
  void quotes_are_a_pure_function_of_product_and_zip() throws Exception {
    HttpResponse<String> a = get("/quote?product_id=7&zip=10115");
    HttpResponse<String> b = get("/quote?product_id=7&zip=10115");
    assertThat(a.statusCode()).isEqualTo(200);
    JsonObject quote = new JsonObject(a.body());
    assertThat(quote.fieldNames()).containsExactlyInAnyOrder("carrier", "price_cents", "days");
    assertThat(quote.getInteger("price_cents")).isPositive();
    assertThat(b.body()).isEqualTo(a.body());
    assertThat(faults().getLong("requests")).isEqualTo(2);
  }

  @Test
  void error_rate_fails_that_share_evenly_and_down_fails_all_with_503() throws Exception {
    assertThat(put("{\"error_rate\": 0.5}").getDouble("error_rate")).isEqualTo(0.5);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(get("/quote?product_id=1&zip=1").statusCode());
    }
    assertThat(statuses).containsExactly(200, 500, 200, 500, 200, 500);
    JsonObject faults = put("{\"down\": true}");
    assertThat(faults.getBoolean("down")).isTrue();
    assertThat(faults.getDouble("error_rate")).as("unnamed faults are kept").isEqualTo(0.5);
    assertThat(get("/quote?product_id=1&zip=1").statusCode()).isEqualTo(503);
    assertThat(faults().getLong("requests")).isEqualTo(7);
  }

  @Test
  void a_caller_that_hangs_up_during_latency_is_counted_as_cancelled() throws Exception {
    put("{\"latency_ms\": 60000}");
    HttpRequest slow = HttpRequest.newBuilder(URI.create(carrier.url()
        + "/quote?product_id=1&zip=1")).timeout(Duration.ofMillis(100)).build();
    assertThatThrownBy(() -> http.send(slow, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (faults().getLong("cancelled") == 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(faults().getLong("cancelled")).isEqualTo(1);
    assertThat(faults().getLong("requests")).isEqualTo(1);
  }

  @Test
  void bad_faults_are_refused_and_close_stops_the_server() throws Exception {
    assertThat(putStatus("{\"error_rate\": 2}")).isEqualTo(400);
    assertThat(putStatus("[1]")).isEqualTo(400);
    String url = carrier.url();
    carrier.close();
    // A new client: the test's own may still hold a pooled connection, which then reads the
    // server's GOAWAY instead of trying to connect.
    HttpClient fresh = HttpClient.newHttpClient();
    assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create(url + "/faults"))
        .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(carrier.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject faults() throws IOException, InterruptedException {
    return new JsonObject(get("/faults").body());
  }

  private JsonObject put(String body) throws IOException, InterruptedException {
    return new JsonObject(send(body).body());
  }

  private int putStatus(String body) throws IOException, InterruptedException {
    return send(body).statusCode();
  }

  private HttpResponse<String> send(String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(carrier.url() + "/faults"))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
