package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() turns readiness DOWN, lets in-flight requests finish, then stops accepting. */
class GracefulShutdownTest {

  @Test
  void in_flight_request_completes_while_the_server_drains() throws Exception {
    DevServices dev = DevServices.shared();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CountDownLatch entered = new CountDownLatch(1);
    Promise<Void> release = Promise.promise();
    BriskConfig config = BriskConfig.of(Map.of("pg-url", dev.pgUrl(), "redis-url",
        dev.redisUrl(), "port", Integer.toString(port), "host", "127.0.0.1", "instances", "1"));
    RunningBrisk app = await(Brisk.start(config, () -> (routes, ctx) -> routes.get("/slow",
        rc -> {
          entered.countDown();
          return release.future().map(v -> Reply.ok(new JsonObject().put("done", true)));
        })));
    Vertx clientVertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(clientVertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(port));
      Future<HttpResponse<Buffer>> inFlight = client.get("/slow").send();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Void> closing = app.close();
      assertThat(closing.isComplete()).as("close waits for the in-flight request").isFalse();
      release.complete();
      HttpResponse<Buffer> response = await(inFlight);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getBoolean("done")).isTrue();
      await(closing);
      Future<HttpResponse<Buffer>> after = client.get("/slow").send();
      assertThat(after.toCompletionStage().toCompletableFuture()
          .handle((r, e) -> e != null).get(10, TimeUnit.SECONDS)).as("refused after close")
          .isTrue();
    } finally {
      await(clientVertx.close());
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
