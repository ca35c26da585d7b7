package dev.brisk.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Caller;
import dev.brisk.auth.Tiers;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission queue on a real event loop: a request that waits past the queue timeout is
 * refused with a 503 by the sweep that its queueing armed (no periodic timer runs while nobody
 * waits), and the next request is admitted once the slot is free.
 */
class DefaultAdmissionTest {

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Promise<Void> holdRelease = Promise.promise();
  private final CompletableFuture<Void> holding = new CompletableFuture<>();
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start() throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<HttpServer> started = new CompletableFuture<>();
    context.runOnContext(v -> {
      ThrottleOptions options = ThrottleOptions.defaults().withConcurrency(
          ConcurrencyOptions.defaults().withLimits(1, 1, 1).withMaxQueue(4)
              .withQueueTimeout(Duration.ofMillis(50)).withReservedShares(Map.of()));
      Tiers tiers = Tiers.defaults();
      DefaultAdmission admission = new DefaultAdmission(vertx, options, tiers,
          new ThrottleMeters(registry), () -> null, System::nanoTime);
      Router router = Router.router(vertx);
      router.route().handler(ctx -> {
        Caller.attach(ctx, Caller.anonymous(tiers.anonymous(), "127.0.0.1"));
        ctx.next();
      });
      router.route().handler(admission);
      router.get("/hold").handler(ctx -> {
        holding.complete(null);
        holdRelease.future().onComplete(ar -> ctx.response().end("held"));
      });
      router.get("/quick").handler(ctx -> ctx.response().end("quick"));
      router.route().failureHandler(ctx -> ctx.response().setStatusCode(
          ctx.failure() instanceof Problem p ? p.status() : 500).end());
      vertx.createHttpServer().requestHandler(router).listen(0)
          .onComplete(ar -> started.complete(ar.result()));
    });
    server = started.get(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void a_queued_request_times_out_with_503_and_the_freed_slot_admits_the_next() throws Exception {
    CompletableFuture<HttpResponse<Buffer>> held = get("/hold");
    holding.get(10, TimeUnit.SECONDS);

    assertThat(get("/quick").get(10, TimeUnit.SECONDS).statusCode())
        .as("waited out the 50 ms queue timeout behind the only slot").isEqualTo(503);
    assertThat(registry.get("brisk.concurrency.shed").tag("reason", "timeout").counter().count())
        .isEqualTo(1);

    vertx.runOnContext(v -> holdRelease.complete());
    assertThat(held.get(10, TimeUnit.SECONDS).bodyAsString()).isEqualTo("held");
    assertThat(get("/quick").get(10, TimeUnit.SECONDS).bodyAsString()).isEqualTo("quick");
  }

  @Test
  void a_dot_segment_past_an_exempt_prefix_does_not_skip_the_limit() throws Exception {
    CompletableFuture<HttpResponse<Buffer>> held = get("/hold");
    holding.get(10, TimeUnit.SECONDS);

    // The router serves these as /quick: they are shed as /quick is, not passed as /health/.
    for (String path : new String[] {"/health/../quick", "/metrics/../quick",
        "/health/%2E%2E/quick"}) {
      assertThat(get(path).get(10, TimeUnit.SECONDS).statusCode()).as(path).isEqualTo(503);
    }
    vertx.runOnContext(v -> holdRelease.complete());
    assertThat(held.get(10, TimeUnit.SECONDS).bodyAsString()).isEqualTo("held");
  }

  private CompletableFuture<HttpResponse<Buffer>> get(String path) {
    return client.get(server.actualPort(), "localhost", path).send()
        .toCompletionStage().toCompletableFuture();
  }
}
