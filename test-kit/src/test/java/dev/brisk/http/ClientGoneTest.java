package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.RunningBrisk;
import dev.brisk.auth.Access;
import dev.brisk.resilience.Outbound;
import dev.brisk.resilience.OutboundException;
import dev.brisk.resilience.OutboundOptions;
import dev.brisk.resilience.Outcome;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that disconnects before its answer cancels the request's work at once, as its
 * deadline would (the deadline here is a minute, far beyond the test's waits).
 */
class ClientGoneTest {

  private static final CompletableFuture<Throwable> callEnded = new CompletableFuture<>();
  private static final Promise<Void> callStarted = Promise.promise();
  private static RunningBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(() -> (routes, ctx) -> {
      Outbound never = Outbound.create(ctx.vertx(), OutboundOptions.defaults("never")
          .withTimeout(Duration.ofMinutes(1)), ctx.registry());
      routes.get("/ok", Access.open(), rc -> Future.succeededFuture(Reply.ok(new JsonObject())));
      routes.get("/slow-tx", Access.open(), rc -> ctx.db()
              .inTransaction(tx -> tx.query("SELECT pg_sleep(300) AS client_gone"))
              .map(rows -> Reply.ok(new JsonObject())))
          .get("/slow-call", Access.open(), rc -> never.callOnce(() -> {
            callStarted.tryComplete();
            return Promise.<Reply>promise().future();
          }).onFailure(callEnded::complete));
      BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults()
          .withRegistry(ctx.registry())).register(routes, "/api/batch");
    }, Map.of("deadline", "PT1M")).running();
  }

  @AfterAll
  static void stop() {
    await(app.close());
  }

  @Test
  void a_transaction_is_cancelled_when_its_client_disconnects() throws IOException {
    Socket socket = send("/slow-tx");
    eventually("the statement runs", () -> sleeping() == 1);
    socket.close();
    eventually("the statement was cancelled", () -> sleeping() == 0);
  }

  @Test
  void a_transaction_is_cancelled_when_its_client_resets_its_http2_stream() {
    HttpClient h2 = app.context().vertx().createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    try {
      HttpClientRequest request = await(TestBrisk.onEventLoop(app.context().vertx(),
          () -> h2.request(HttpMethod.GET, "/slow-tx")
              .compose(req -> req.sendHead().map(req))));
      eventually("the statement runs", () -> sleeping() == 1);
      await(TestBrisk.onEventLoop(app.context().vertx(), () -> request.reset()));
      eventually("the statement was cancelled", () -> sleeping() == 0);
    } finally {
      await(h2.close());
    }
  }

  @Test
  void a_batch_sub_request_is_cancelled_when_the_batch_client_disconnects() throws IOException {
    String body = "{\"requests\": [{\"id\": \"a\", \"method\": \"GET\", \"path\": "
        + "\"/slow-tx\"}]}";
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.getOutputStream().write(("POST /api/batch HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
          + body).getBytes(StandardCharsets.US_ASCII));
      eventually("the sub-request's statement runs", () -> sleeping() == 1);
    }
    eventually("the sub-request's statement was cancelled", () -> sleeping() == 0);
  }

  @Test
  void a_dependent_sub_request_is_cancelled_when_the_batch_client_disconnects()
      throws IOException {
    // b starts in a's completion: it must still be the batch's sub-request, not a's.
    String body = "{\"requests\": [{\"id\": \"a\", \"method\": \"GET\", \"path\": \"/ok\"}, "
        + "{\"id\": \"b\", \"method\": \"GET\", \"path\": \"/slow-tx\", \"depends_on\": [\"a\"]}]}";
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.getOutputStream().write(("POST /api/batch HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
          + body).getBytes(StandardCharsets.US_ASCII));
      eventually("the dependent's statement runs", () -> sleeping() == 1);
    }
    eventually("the dependent's statement was cancelled", () -> sleeping() == 0);
  }

  @Test
  void an_outbound_call_ends_when_its_client_disconnects() throws Exception {
    Socket socket = send("/slow-call");
    await(callStarted.future());
    socket.close();
    Throwable ended = callEnded.get(20, TimeUnit.SECONDS);
    assertThat(((OutboundException) ended).outcome()).isEqualTo(Outcome.TIMEOUT);
  }

  private static Socket send(String path) throws IOException {
    Socket socket = new Socket("127.0.0.1", app.port());
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private static long sleeping() {
    return await(app.context().db().query("SELECT count(*) AS n FROM pg_stat_activity "
        + "WHERE query LIKE '%AS client_gone' AND state = 'active' AND pid <> pg_backend_pid()"))
        .iterator().next().getLong("n");
  }
}
