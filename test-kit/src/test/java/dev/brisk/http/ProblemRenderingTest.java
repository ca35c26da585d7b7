package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.auth.Access;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One rendering of a problem wherever it is answered: by the failure handler, by an idempotent
 * first run and its replay, and inside a batch.
 */
class ProblemRenderingTest {

  private static final String TABLE = "problem_rendering_keys";
  /** The headers a problem response is made of (others, such as a request id, vary). */
  private static final List<String> PROBLEM_HEADERS =
      List.of("Content-Type", "Cache-Control", "Retry-After");

  static Problem taken() {
    return Problem.conflict("Thing 7 is taken").withHeader("Retry-After", "3");
  }

  static final class App implements BriskApp {
    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().pool().query("DROP TABLE IF EXISTS " + TABLE + "; CREATE TABLE "
          + TABLE + " (key text PRIMARY KEY, fingerprint text NOT NULL, status integer, "
          + "headers jsonb, body bytea, created_at timestamptz NOT NULL DEFAULT now())")
          .execute().mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      Idempotency idempotency = Idempotency.create(context.vertx(), context.db(), TABLE);
      routes.get("/taken", Access.open(), ctx -> Future.failedFuture(taken()));
      routes.post("/things", Access.open(), ctx -> idempotency.run(ctx, tx -> Future.failedFuture(taken())));
      BatchEndpoint.create(routes.router(), BatchEndpointOptions.defaults())
          .register(routes, "/batch");
    }
  }

  private static TestBrisk app;

  @BeforeAll
  static void start() {
    app = TestBrisk.start(App::new);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Map<String, String> problemHeaders(HttpResponse<Buffer> r) {
    return PROBLEM_HEADERS.stream().filter(h -> r.getHeader(h) != null)
        .collect(Collectors.toMap(Function.identity(), r::getHeader));
  }

  private static HttpResponse<Buffer> postThing(String key) {
    return TestBrisk.await(app.send(HttpMethod.POST, "/things",
        new JsonObject().put("name", "seven").toBuffer(), "Content-Type", "application/json",
        Idempotency.HEADER, key));
  }

  @Test
  void a_replayed_client_error_is_the_same_response_and_stays_uncacheable() {
    HttpResponse<Buffer> direct = app.get("/taken");
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = postThing(key);
    HttpResponse<Buffer> replay = postThing(key);

    assertThat(direct.statusCode()).isEqualTo(409);
    assertThat(problemHeaders(direct)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Content-Type", "application/problem+json", "Cache-Control", "no-store",
        "Retry-After", "3"));
    for (HttpResponse<Buffer> r : List.of(first, replay)) {
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(problemHeaders(r)).isEqualTo(problemHeaders(direct));
      assertThat(r.bodyAsJsonObject()).isEqualTo(direct.bodyAsJsonObject());
    }
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void batch_sub_responses_render_problems_the_same_way() {
    JsonArray requests = new JsonArray()
        .add(new JsonObject().put("id", "dispatched").put("method", "GET").put("path", "/taken"))
        .add(new JsonObject().put("id", "invalid").put("method", "GET"));
    HttpResponse<Buffer> r = TestBrisk.await(app.send(HttpMethod.POST, "/batch",
        new JsonObject().put("requests", requests).toBuffer(), "Content-Type",
        "application/json"));
    JsonArray responses = r.bodyAsJsonObject().getJsonArray("responses");
    JsonObject dispatched = responses.getJsonObject(0);
    JsonObject invalid = responses.getJsonObject(1);

    assertThat(dispatched.getJsonObject("body")).isEqualTo(app.get("/taken").bodyAsJsonObject());
    assertThat(dispatched.getJsonObject("headers").getMap())
        .containsAllEntriesOf(problemHeaders(app.get("/taken")));
    assertThat(invalid.getInteger("status")).isEqualTo(400);
    assertThat(invalid.getJsonObject("headers").getMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store"));
  }
}
