package dev.brisk.resilience;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.FakeCarrier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Outbound#send} against the real fake carrier and a small failing server. */
@ExtendWith(VertxExtension.class)
class OutboundHttpTest {

  private final FakeCarrier carrier = FakeCarrier.start();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    carrier.close();
  }

  @Test
  void a_slow_target_is_cut_at_the_deadline_and_its_request_really_cancelled(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    faults(client, "{\"latency_ms\": 60000}");
    Outbound outbound = Outbound.create(vertx, OutboundOptions.defaults("carrier")
        .withTimeout(Duration.ofMillis(200)), registry);
    Throwable failure = awaitFailure(outbound.send(
        client.getAbs(carrier.url() + "/quote?product_id=1&zip=1")));
    assertThat(((OutboundException) failure).outcome()).isEqualTo(Outcome.TIMEOUT);
    eventually("the carrier saw its caller hang up",
        () -> faults(client).getLong("cancelled") == 1);
  }

  @Test
  void half_of_the_calls_failing_is_served_by_retries_within_the_budget(Vertx vertx) {
    WebClient client = WebClient.create(vertx);
    faults(client, "{\"error_rate\": 0.5}");
    Outbound outbound = Outbound.create(vertx, OutboundOptions.defaults("carrier")
        .withBreaker(BreakerOptions.defaults().withMinimumCalls(2)), registry);
    for (int i = 0; i < 10; i++) {
      HttpResponse<?> quote = await(outbound.send(
          client.getAbs(carrier.url() + "/quote?product_id=" + i + "&zip=1")));
      assertThat(quote.statusCode()).isEqualTo(200);
    }
    // Every second carrier call fails: calls 2..10 each needed one retry.
    assertThat(faults(client).getLong("requests")).isEqualTo(19);
    assertThat(registry.get("brisk.outbound.retry.budget.exhausted").counter().count()).isZero();
    assertThat(outbound.state().name()).isEqualTo("CLOSED");
  }

  @Test
  void only_idempotent_requests_are_retried_and_retry_after_is_read(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
      hits.incrementAndGet();
      req.response().setStatusCode(503).putHeader("Retry-After", "0").end();
    }).listen(0, "127.0.0.1"));
    String url = "http://127.0.0.1:" + server.actualPort() + "/orders";
    WebClient client = WebClient.create(vertx);
    Outbound outbound = Outbound.create(vertx, OutboundOptions.defaults("shop"), registry);
    Throwable post = awaitFailure(outbound.send(client.postAbs(url)));
    assertThat(((OutboundException) post).status()).isEqualTo(503);
    assertThat(((OutboundException) post).retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(hits.get()).isEqualTo(1);
    awaitFailure(outbound.send(client.postAbs(url).putHeader("Idempotency-Key", "k1")));
    awaitFailure(outbound.send(client.deleteAbs(url)));
    assertThat(hits.get()).as("1 + 3 attempts + 3 attempts").isEqualTo(7);
  }

  @Test
  void an_answer_over_max_answer_bytes_fails_the_call_instead_of_being_buffered(Vertx vertx) {
    Buffer large = Buffer.buffer(new byte[OutboundOptions.DEFAULT_MAX_ANSWER_BYTES + 1]);
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
      hits.incrementAndGet();
      req.response().end(large);
    }).listen(0, "127.0.0.1"));
    String url = "http://127.0.0.1:" + server.actualPort() + "/large";
    WebClient client = WebClient.create(vertx);
    Outbound capped = Outbound.create(vertx, OutboundOptions.defaults("big")
        .withRetry(RetryOptions.defaults().withMaxAttempts(1)), registry);

    OutboundException failure = (OutboundException) awaitFailure(capped.send(client.getAbs(url)));

    assertThat(failure.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(failure.getMessage()).isEqualTo("big answer larger than 1048576 bytes");
    assertThat(hits.get()).isEqualTo(1);
    Outbound roomier = Outbound.create(vertx, OutboundOptions.defaults("roomy")
        .withMaxAnswerBytes(large.length()), registry);
    assertThat(await(roomier.send(client.getAbs(url))).bodyAsBuffer().length())
        .isEqualTo(large.length());
  }

  private JsonObject faults(WebClient client) {
    return await(client.getAbs(carrier.url() + "/faults").send()).bodyAsJsonObject();
  }

  private JsonObject faults(WebClient client, String body) {
    return await(client.putAbs(carrier.url() + "/faults").sendBuffer(Buffer.buffer(body)))
        .bodyAsJsonObject();
  }
}
