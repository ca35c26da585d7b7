package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.RunningBrisk;
import dev.brisk.auth.Access;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** close() turns readiness DOWN, stops accepting, lets in-flight requests finish, then stops. */
class GracefulShutdownTest {

  @Test
  void in_flight_request_completes_during_the_drain_and_later_connections_are_refused() {
    Promise<Context> entered = Promise.promise();
    Promise<Void> release = Promise.promise();
    // A drain timeout far beyond the test, so only the released request can end the drain.
    RunningBrisk app = TestBrisk.start(() -> (routes, ctx) -> routes.get("/slow", Access.open(),
        rc -> {
      entered.complete(rc.vertx().getOrCreateContext());
      return release.future().map(v -> Reply.ok(new JsonObject().put("done", true)));
    }), Map.of("drain-timeout", "PT5M")).running();
    int port = app.port();
    Vertx clientVertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(clientVertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(port));
      Future<HttpResponse<Buffer>> inFlight = client.get("/slow").send();
      Context handler = await(entered.future());

      try (LogCapture logs = LogCapture.start()) {
        Future<Void> closing = app.close();

        assertThat(await(app.context().health().check()).up()).as("ready while draining")
            .isFalse();
        eventually("server stops accepting", () -> !accepts(port));
        assertThat(closing.isComplete()).as("close waits for the in-flight request").isFalse();
        handler.runOnContext(v -> release.complete());
        HttpResponse<Buffer> response = await(inFlight);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getBoolean("done")).isTrue();
        await(closing);
        // An operator saw "Shutting down" and "Stopped", nothing of the requests drained.
        assertThat(logs.text()).contains("Draining 1 request(s) still running on this event "
            + "loop (0 streaming an answer) for up to 300000 ms").containsPattern(
            "Drained: the 1 request\\(s\\) running on this event loop when the drain began "
            + "finished within \\d+ ms");
      }
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
          .as("connections after close").isInstanceOf(ConnectException.class);
    } finally {
      await(clientVertx.close());
    }
  }

  @Test
  void readiness_is_503_during_the_grace_period_while_connections_are_still_accepted() {
    RunningBrisk app = TestBrisk.start(() -> (routes, ctx) -> { }).running();
    Vertx clientVertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(clientVertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(app.port()).setKeepAlive(false));
      // A grace period far beyond the test: only close() below ends it.
      Future<Void> closing = app.shutdown(Duration.ofMinutes(5));

      HttpResponse<Buffer> ready = await(client.get("/health/ready").send());
      HttpResponse<Buffer> live = await(client.get("/health/live").send());

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(ready.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
      assertThat(live.statusCode()).as("still serving during the grace period").isEqualTo(200);
      assertThat(closing.isComplete()).isFalse();
      await(app.close());
      assertThat(closing.succeeded()).isTrue();
      assertThat(accepts(app.port())).isFalse();
    } finally {
      await(clientVertx.close());
    }
  }

  /**
   * A keep-alive connection opened before the stop: its next answer says {@code Connection:
   * close} and the server closes it after that answer, so the client sends its next request on
   * a new connection (through the load balancer, to another instance). It used to stay open
   * until the grace period ended and then close under whatever the client was sending, a POST
   * answered by nothing.
   */
  @Test
  void an_http1_answer_after_the_stop_began_closes_its_connection() throws IOException {
    RunningBrisk app = TestBrisk.start(() -> (routes, ctx) -> { }).running();
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(20_000);
      String request = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String before = head(socket);
      // A grace period far beyond the test: the server still accepts and serves.
      Future<Void> closing = app.shutdown(Duration.ofMinutes(5));

      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String after = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);

      assertThat(before).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("connection:");
      assertThat(after).as("answered, then the connection closed").startsWith("HTTP/1.1 200 ")
          .containsIgnoringCase("\r\nConnection: close\r\n").endsWith("{\"status\":\"UP\"}");
      assertThat(closing.isComplete()).as("still in the grace period").isFalse();
      await(app.close());
    }
  }

  @Test
  void a_request_still_running_when_the_drain_times_out_is_answered_503() {
    Promise<Void> entered = Promise.promise();
    RunningBrisk app = neverAnswering(entered);
    Vertx clientVertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(clientVertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
      Future<HttpResponse<Buffer>> inFlight = client.get("/forever").send();
      await(entered.future());

      HttpResponse<Buffer> response;
      try (LogCapture logs = LogCapture.start()) {
        Future<Void> closing = app.close();
        response = await(inFlight);
        await(closing);
        // Without it an operator saw "Shutting down" and nothing about requests cut short.
        assertThat(logs.text()).contains("passed with 1 request(s) still running");
      }
      ProblemsTest.assertProblem(response, 503, "unavailable");
      assertThat(response.getHeader("Retry-After")).isNotNull();
    } finally {
      await(clientVertx.close());
    }
  }

  @Test
  void a_request_pipelined_behind_one_the_drain_ended_is_answered_503_too() throws IOException {
    Promise<Void> entered = Promise.promise();
    RunningBrisk app = neverAnswering(entered);
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(20_000);
      String request = "GET /forever HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.getOutputStream().write((request + request).getBytes(StandardCharsets.US_ASCII));
      await(entered.future());

      Future<Void> closing = app.close();

      String answers = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);
      assertThat(answers.split("HTTP/1.1 ", -1)).as(answers).hasSize(3);
      assertThat(answers.split("HTTP/1.1 503 ", -1)).as("both answered 503: " + answers)
          .hasSize(3);
      await(closing);
    }
  }

  @Test
  void a_shutdown_hook_does_not_run_once_the_answer_has_started() throws IOException {
    // The drain ends a started answer as a stream; a hook that answers 503 has nothing to do.
    AtomicBoolean ran = new AtomicBoolean();
    Promise<Void> entered = Promise.promise();
    RunningBrisk app = TestBrisk.start(() -> (routes, ctx) -> routes.get("/started",
        Access.open(), rc -> {
          rc.response().setChunked(true).write("partial");
          Requests.onShutdown(rc, () -> ran.set(true));
          entered.tryComplete();
          return Promise.<Reply>promise().future();
        }), Map.of("drain-timeout", "PT0.5S", "deadline", "PT5M")).running();
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write("GET /started HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      await(entered.future());
      Future<Void> closing = app.close();
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);
      await(closing);
      assertThat(answer).startsWith("HTTP/1.1 200 ").contains("partial");
      assertThat(ran).as("the hook ran for a started answer").isFalse();
    }
  }

  /**
   * An app whose {@code GET /forever} never answers (completing {@code entered} when it runs),
   * with a 0.5 s drain timeout and a deadline far beyond it.
   */
  private static RunningBrisk neverAnswering(Promise<Void> entered) {
    return TestBrisk.start(() -> (routes, ctx) -> routes.get("/forever", Access.open(), rc -> {
      entered.tryComplete();
      return Promise.<Reply>promise().future();
    }), Map.of("drain-timeout", "PT0.5S", "deadline", "PT5M")).running();
  }

  /** One answer's head and its short body, read up to the end of its {@code Content-Length}. */
  private static String head(Socket socket) throws IOException {
    StringBuilder text = new StringBuilder();
    java.io.InputStream in = socket.getInputStream();
    while (!text.toString().endsWith("}")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the connection closed before the answer ended: " + text);
      }
      text.append((char) b);
    }
    return text.toString();
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
