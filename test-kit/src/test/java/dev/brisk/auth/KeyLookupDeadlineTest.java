package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A caller lookup still running at the deadline is the server's delay: 504, not the 408 of a
 * body the client is slow to send (the body is held, not asked for, while the caller is
 * identified). A lock on the key table stands in for a frozen database.
 */
class KeyLookupDeadlineTest {

  private static final String TABLE = "deadline_test_keys";

  private static final class App implements BriskApp {
    @Override
    public ApiKeyStore apiKeys(BriskContext context) {
      return ApiKeyStore.sql(context.db(), TABLE);
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.get("/open", Access.open(), rc -> Future.succeededFuture(
          Reply.ok(new JsonObject())))
          .post("/echo", Access.open(), rc -> Future.succeededFuture(
              Reply.ok(rc.body().asJsonObject())));
    }
  }

  @Test
  void a_lookup_still_running_at_the_deadline_is_504_for_requests_with_and_without_a_body() {
    try (TestBrisk app = TestBrisk.start(App::new, Map.of("deadline", "PT0.5S"))) {
      var db = app.running().context().db();
      TestBrisk.await(db.query("CREATE TABLE IF NOT EXISTS " + TABLE + " (id text PRIMARY KEY, "
          + "key_hash text UNIQUE NOT NULL, user_id text, tier text NOT NULL)"));
      Promise<Void> release = Promise.promise();
      Promise<Void> locked = Promise.promise();
      Future<Void> holder = db.inTransaction(tx -> tx.query("LOCK TABLE " + TABLE
          + " IN ACCESS EXCLUSIVE MODE").compose(r -> {
            locked.complete();
            return release.future();
          }));
      TestBrisk.await(locked.future());
      try {
        HttpResponse<Buffer> get = app.get("/open", "X-API-Key", UUID.randomUUID().toString());
        assertThat(get.statusCode()).isEqualTo(504);
        assertThat(get.bodyAsJsonObject().getString("type")).endsWith("/deadline-exceeded");
        HttpResponse<Buffer> post = TestBrisk.await(app.send(HttpMethod.POST, "/echo",
            Buffer.buffer("{}"), "Content-Type", "application/json",
            "X-API-Key", UUID.randomUUID().toString()));
        assertThat(post.statusCode()).isEqualTo(504);
      } finally {
        release.complete();
        TestBrisk.await(holder);
      }
      // The lookups finish once the lock is gone; the server serves on.
      assertThat(app.get("/open").statusCode()).isEqualTo(200);
    }
  }
}
