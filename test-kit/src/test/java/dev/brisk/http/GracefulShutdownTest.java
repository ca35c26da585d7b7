package dev.brisk.http;

import dev.brisk.auth.Access;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.RunningBrisk;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() turns readiness DOWN, lets in-flight requests finish, then stops accepting. */
class GracefulShutdownTest {

  @Test
  void in_flight_request_completes_while_the_server_drains() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Promise<Void> release = Promise.promise();
    RunningBrisk app = TestBrisk.start(() -> (routes, ctx) -> routes.get("/slow", Access.open(), rc -> {
      entered.countDown();
      return release.future().map(v -> Reply.ok(new JsonObject().put("done", true)));
    }), Map.of()).running();
    int port = app.port();
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
}
