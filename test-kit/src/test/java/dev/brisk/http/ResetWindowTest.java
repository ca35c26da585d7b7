package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.RunningBrisk;
import dev.brisk.auth.Access;
import dev.brisk.internal.RequestScope;
import dev.brisk.stream.StreamEncoder;
import dev.brisk.stream.StreamFormat;
import dev.brisk.stream.StreamOptions;
import dev.brisk.stream.StreamResult;
import dev.brisk.stream.Streamer;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work that completes just after a client reset its connection. Vert.x reports a reset as a
 * response exception first, which runs the request's end handlers, and marks the response
 * closed only in a later event-loop task: what completed in between saw an open response and
 * added an end handler that never ran. A stream slot granted then (Redis answering at that
 * moment) was held for good, on the instance and, renewed, in Redis; a stream started then (its
 * cursor opened at that moment) ran with nobody to stop it.
 *
 * <p>Each route here completes its step when the request's work is cancelled, which the HTTP
 * pipeline does from the end handler a reset runs: the same window, every time.
 */
class ResetWindowTest {

  /** Grants each caller's slot when the request's work is cancelled, as its client leaves. */
  static final class LateSlots implements CallerSlots {
    final AtomicInteger taken = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();
    final CountDownLatch waiting = new CountDownLatch(1);

    @Override
    public Future<Runnable> take(String scope) {
      Promise<Runnable> slot = Promise.promise();
      whenCancelled(() -> {
        taken.incrementAndGet();
        slot.complete(released::incrementAndGet);
      });
      waiting.countDown();
      return slot.future();
    }
  }

  /** A source that never emits; records whether the stream took it up and let it go. */
  static final class IdleSource implements ReadStream<JsonObject> {
    final AtomicBoolean handled = new AtomicBoolean();
    final AtomicBoolean paused = new AtomicBoolean();

    @Override
    public ReadStream<JsonObject> handler(Handler<JsonObject> handler) {
      handled.set(handler != null);
      return this;
    }

    @Override
    public ReadStream<JsonObject> pause() {
      paused.set(true);
      return this;
    }

    @Override
    public ReadStream<JsonObject> resume() {
      paused.set(false);
      return this;
    }

    @Override
    public ReadStream<JsonObject> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<JsonObject> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public ReadStream<JsonObject> endHandler(Handler<Void> handler) {
      return this;
    }
  }

  private static final LateSlots SLOTS = new LateSlots();
  private static final AtomicReference<StreamLimiter> LIMITER = new AtomicReference<>();
  private static final IdleSource SOURCE = new IdleSource();
  private static final CountDownLatch STREAM_WAITING = new CountDownLatch(1);
  private static final Promise<StreamResult> STREAM_RESULT = Promise.promise();
  private static RunningBrisk app;

  @BeforeAll
  static void start() {
    Streamer streamer = Streamer.create(StreamOptions.defaults());
    app = TestBrisk.start(() -> (routes, ctx) -> {
      StreamLimiter limiter = new DefaultStreamLimiter("late", new StreamLimits(8, 1, null,
          Duration.ofSeconds(1)), ctx.options().auth().tiers(), ctx.registry(), SLOTS);
      LIMITER.set(limiter);
      routes.stream(HttpMethod.GET, "/late-slot", Access.open(), limiter, rc ->
          rc.response().setChunked(true).write("{}\n"));
      routes.raw(HttpMethod.GET, "/late-stream", Access.open(), rc -> {
        whenCancelled(() -> streamer.send(rc, StreamFormat.NDJSON, Future.succeededFuture(SOURCE),
            StreamEncoder.json(json -> json)).onComplete(STREAM_RESULT));
        STREAM_WAITING.countDown();
      });
    }, Map.of("deadline", "PT1M")).running();
  }

  @AfterAll
  static void stop() {
    await(app.close());
  }

  @Test
  void a_slot_granted_after_the_client_reset_its_connection_is_given_back()
      throws IOException, InterruptedException {
    resetAfter("/late-slot", SLOTS.waiting);

    eventually("the slot was granted", () -> SLOTS.taken.get() == 1);
    eventually("the caller's slot went back", () -> SLOTS.released.get() == 1);
    eventually("the instance's slot went back", () -> LIMITER.get().open() == 0);
  }

  @Test
  void a_stream_started_after_the_client_reset_its_connection_ends_closed()
      throws IOException, InterruptedException {
    resetAfter("/late-stream", STREAM_WAITING);

    assertThat(await(STREAM_RESULT.future()).outcome()).isEqualTo(StreamResult.Outcome.CLOSED);
    assertThat(SOURCE.handled).isFalse();
    assertThat(SOURCE.paused).isTrue();
  }

  /** Runs {@code step} on the request's context once its work is cancelled. */
  private static void whenCancelled(Runnable step) {
    Context context = Vertx.currentContext();
    RequestScope.current().onExpire(() -> context.runOnContext(v -> step.run()));
  }

  /** Sends a GET of {@code path}, waits for {@code reached}, then resets the connection. */
  private static void resetAfter(String path, CountDownLatch reached)
      throws IOException, InterruptedException {
    Socket socket = new Socket("127.0.0.1", app.port());
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();
    // A reset, not a FIN: the server reads an error before it sees the connection closed.
    socket.setSoLinger(true, 0);
    socket.close();
  }
}
