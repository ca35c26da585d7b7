package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An import still running when a stopping server's drain timeout passes: it has committed
 * batches, so it is told to stop, and answers 503 saying what it imported and where to resume,
 * instead of having its connection closed under it with no answer; and its caller's slot is
 * given back before the instance closes its Redis client.
 */
class ImportShutdownTest {

  @AfterAll
  static void cleanUp() {
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'imp-stop-%'");
  }

  @Test
  void an_import_cut_by_the_drain_timeout_answers_503_with_what_it_imported() throws Exception {
    TestBrisk app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small",
        "drain-timeout", "PT1S"));
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      // Far more body announced than sent: the import is still reading when the drain ends.
      out.write(("POST /api/products/import HTTP/1.1\r\nHost: x\r\nX-API-Key: demo-internal\r\n"
          + "Content-Type: application/x-ndjson\r\nContent-Length: 50000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      StringBuilder lines = new StringBuilder();
      for (int i = 1; i <= 1200; i++) {
        lines.append(new JsonObject().put("sku", "imp-stop-" + i).put("name", "Stop " + i)
            .put("description", "d").put("price_cents", 100).put("stock", 1)
            .put("category_id", 2).encode()).append('\n');
      }
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      TestBrisk.eventually("two batches are committed", () -> imported() == 1000);

      Future<Void> stopped = app.running().shutdown(Duration.ZERO);

      String answer = readAll(socket.getInputStream());
      assertThat(answer).as("answer to the running import").startsWith("HTTP/1.1 503 ");
      JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(problem.getString("type")).isEqualTo("https://brisk.dev/problems/unavailable");
      assertThat(problem.getLong("imported")).isEqualTo(imported());
      assertThat(problem.getLong("next_line")).isEqualTo(imported() + 1);
      assertThat(problem.getString("detail")).contains("shutting down", "resend from there");
      TestBrisk.await(stopped);
      // Given back in Redis before the stopped instance closed it: the caller's next import,
      // on another instance, is not refused 429 until the lease lapses 30 s later.
      assertThat(TestBrisk.await(TestShop.app().context().redis().send(Request.cmd(Command.ZCARD)
          .arg("brisk:streams:{key:3}:imports"))).toInteger()).as("import slots held").isZero();
    } finally {
      app.close();
    }
  }

  private static long imported() {
    return TestShop.sql("SELECT count(*) FROM products WHERE sku LIKE 'imp-stop-%'")
        .iterator().next().getLong(0);
  }

  /** Everything until the server closes the connection (an answer closes it here). */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        all.write(buf, 0, n);
      }
    } catch (java.net.SocketException e) {
      // A reset after the answer: what arrived before it is kept.
    }
    return all.toString(StandardCharsets.UTF_8);
  }
}
