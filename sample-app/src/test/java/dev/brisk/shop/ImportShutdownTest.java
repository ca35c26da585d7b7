package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * given back before the instance closes its Redis client. One whose body was read in full
 * answers only what its last batch did, never a 503 counting that batch's lines as written.
 */
class ImportShutdownTest {

  @AfterAll
  static void cleanUp() {
    TestShop.sql("DELETE FROM products WHERE sku LIKE 'imp-stop-%' OR sku LIKE 'imp-end-%'");
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

  @Test
  void an_import_whose_body_has_ended_never_claims_its_last_batch_before_it_commits()
      throws Exception {
    TestBrisk app = TestBrisk.start(ShopApp::new, Map.of("dataset", "small",
        "drain-timeout", "PT1S"));
    StringBuilder first = new StringBuilder();
    StringBuilder last = new StringBuilder();
    for (int i = 1; i <= 1200; i++) {
      (i <= 1000 ? first : last).append(new JsonObject().put("sku", "imp-end-" + i)
          .put("name", "End " + i).put("description", "d").put("price_cents", 100)
          .put("stock", 1).put("category_id", 2).encode()).append('\n');
    }
    byte[] head = first.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = last.toString().getBytes(StandardCharsets.UTF_8);
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Void> holder = null;
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/products/import HTTP/1.1\r\nHost: x\r\nX-API-Key: demo-internal\r\n"
          + "Content-Type: application/x-ndjson\r\nContent-Length: " + (head.length + tail.length)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      out.flush();
      TestBrisk.eventually("two batches are committed", () -> imported("imp-end-") == 1000);
      // The last batch of the body, sent in full, waits for a lock held past the stop.
      holder = TestShop.db().inTransaction(tx -> tx
          .query("LOCK TABLE products IN EXCLUSIVE MODE").compose(r -> {
            locked.complete();
            return release.future();
          }));
      TestBrisk.await(locked.future());
      out.write(tail);
      out.flush();
      TestBrisk.eventually("the last batch waits for the lock", () -> TestBrisk.await(
          TestShop.db().inTransaction(tx -> tx.query("SELECT count(*) FROM pg_stat_activity"
              + " WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO products%'")))
          .iterator().next().getLong(0) == 1);

      TestBrisk.await(app.running().shutdown(Duration.ZERO));
      String answer = readAll(socket.getInputStream());
      release.complete();
      TestBrisk.await(holder);
      // The outcome of lines 1001..1200 was unknown when the server stopped (their batch was
      // rolled back with its connection): a 503 saying they were imported, resend from line
      // 1201, would lose them.
      assertThat(imported("imp-end-")).isEqualTo(1000);
      assertThat(answer).as("answer to an import whose last batch had no outcome").isEmpty();
    } finally {
      release.tryComplete();
      if (holder != null) {
        TestBrisk.await(holder);
      }
      app.close();
    }
  }

  private static long imported() {
    return imported("imp-stop-");
  }

  private static long imported(String prefix) {
    return TestShop.sql("SELECT count(*) FROM products WHERE sku LIKE $1", prefix + "%")
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
