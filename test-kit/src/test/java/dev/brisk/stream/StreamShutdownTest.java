package dev.brisk.stream;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.RunningBrisk;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stream still running when the drain times out ends with its documented error frame. */
class StreamShutdownTest {

  @Test
  void a_running_stream_ends_with_an_error_record_when_the_drain_times_out() {
    StreamTestApp.LAST_SOURCE.set(null);
    RunningBrisk app = TestBrisk.start(StreamTestApp::new, Map.of("drain-timeout", "PT0.5S"))
        .running();
    Vertx clientVertx = Vertx.vertx();
    try {
      HttpClient client = clientVertx.createHttpClient();
      Buffer received = Buffer.buffer();
      Promise<Void> firstLine = Promise.promise();
      Future<Void> ended = TestBrisk.onEventLoop(clientVertx, () -> client.request(
              new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                  .setPort(app.port()).setURI("/controlled")
                  .putHeader("Accept", "application/x-ndjson"))
          .compose(req -> req.send())
          .compose(resp -> {
            resp.handler(chunk -> {
              received.appendBuffer(chunk);
              if (received.toString().contains("\n")) {
                firstLine.tryComplete();
              }
            });
            return resp.end();
          }));
      eventually("the stream's source is attached", () -> StreamTestApp.LAST_SOURCE.get() != null
          && StreamTestApp.LAST_SOURCE.get().hasHandler());
      StreamTestApp.LAST_SOURCE.get().emit(1);
      await(firstLine.future());

      Future<Void> closing = app.close();

      await(ended);
      List<String> lines = received.toString().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(new JsonObject(lines.get(0)).getLong("id")).isEqualTo(1L);
      JsonObject error = new JsonObject(lines.get(1)).getJsonObject("error");
      assertThat(error.getInteger("status")).isEqualTo(503);
      assertThat(error.getString("type")).endsWith("/unavailable");
      await(closing);
    } finally {
      await(clientVertx.close());
    }
  }
}
