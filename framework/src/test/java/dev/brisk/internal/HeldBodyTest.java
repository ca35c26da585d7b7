package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The body waits for an async step; a request answered meanwhile (its deadline's 504) does not
 * continue, gives back what the step took, and leaves the connection usable.
 */
@ExtendWith(VertxExtension.class)
class HeldBodyTest {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpServer server;
  private WebClient client;
  private Context other;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    other = vertx.getOrCreateContext();
    Router router = Router.router(vertx);
    router.post("/late").handler(ctx -> {
      Promise<String> step = Promise.promise();
      Context own = vertx.getOrCreateContext();
      HeldBody.await(ctx, step.future(), new HeldBody.Continuation<>() {
        @Override
        public void proceed(AsyncResult<String> result) {
          events.add("continued");
          ctx.next();
        }

        @Override
        public void abandon(AsyncResult<String> result) {
          events.add("gave back " + result.result() + " on own context "
              + (Vertx.currentContext() == own));
        }
      });
      // The deadline answers first; the step completes afterwards, on another context.
      ctx.fail(504);
      other.runOnContext(v -> step.complete("slot"));
    });
    router.post("/slow").handler(ctx -> {
      Promise<String> step = Promise.promise();
      HeldBody.await(ctx, step.future(), ar -> ctx.next());
      other.runOnContext(v -> step.complete("slot"));
    });
    // A caller lookup, then a wait for a slot: the second step is still running when the first
    // one's continuation returns.
    router.post("/nested").handler(ctx -> {
      Promise<String> lookup = Promise.promise();
      HeldBody.await(ctx, lookup.future(), outer -> {
        Promise<String> slot = Promise.promise();
        HeldBody.await(ctx, slot.future(), inner -> ctx.next());
        vertx.setTimer(100, t -> slot.complete("slot"));
      });
      other.runOnContext(v -> lookup.complete("caller"));
    });
    router.post().handler(BodyHandler.create());
    router.post().handler(ctx -> {
      events.add("handler read " + ctx.body().length() + " bytes");
      ctx.response().end("ok");
    });
    router.route().failureHandler(ctx -> ctx.response().setStatusCode(ctx.statusCode()).end());
    server = vertx.createHttpServer().requestHandler(router).listen(0)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(1));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void an_answered_request_does_not_continue_and_its_connection_serves_the_next() throws Exception {
    Buffer body = Buffer.buffer("x".repeat(64 * 1024));
    assertThat(post("/late", body).statusCode()).isEqualTo(504);
    HttpResponse<Buffer> next = post("/slow", body);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(events).containsExactly("gave back slot on own context true",
        "handler read 65536 bytes");
  }

  @Test
  void a_body_sent_while_the_step_runs_reaches_the_handler() throws Exception {
    assertThat(post("/slow", Buffer.buffer("y".repeat(200_000))).bodyAsString()).isEqualTo("ok");
    assertThat(events).containsExactly("handler read 200000 bytes");
  }

  @Test
  void a_body_held_by_two_nested_steps_waits_for_the_second() throws Exception {
    assertThat(post("/nested", Buffer.buffer("z".repeat(200_000))).bodyAsString()).isEqualTo("ok");
    assertThat(events).containsExactly("handler read 200000 bytes");
  }

  private HttpResponse<Buffer> post(String path, Buffer body) throws Exception {
    return client.post(server.actualPort(), "localhost", path).sendBuffer(body)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
