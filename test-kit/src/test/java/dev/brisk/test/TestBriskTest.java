package dev.brisk.test;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.auth.Access;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.devservices.DevServices;
import dev.brisk.http.Reply;
import dev.brisk.http.Routes;
import dev.brisk.page.PageOptions;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test kit: a real port, every verticle on it, settings, failures, and clean shutdown. */
class TestBriskTest {

  /** Answers which verticle (1, 2, ...) served the request, and one app setting. */
  private static final class WhoApp implements BriskApp {
    private final AtomicInteger verticles = new AtomicInteger();

    @Override
    public void routes(Routes routes, BriskContext context) {
      int verticle = verticles.incrementAndGet();
      // Read while routes are declared, as every setting must be by the time the app listens.
      String greeting = context.config().get("greeting", "none");
      routes.get("/who", Access.open(), ctx -> Future.succeededFuture(Reply.ok(new JsonObject()
          .put("verticle", verticle)
          .put("greeting", greeting))));
    }
  }

  /** Answers the {@code Content-Type} and JSON body a write was sent with. */
  private static final class EchoApp implements BriskApp {
    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.patch("/echo", Access.open(), ctx -> Future.succeededFuture(Reply.ok(new JsonObject()
          .put("type", ctx.request().getHeader("Content-Type"))
          .put("key", ctx.request().getHeader("X-Key"))
          .put("body", ctx.body().asJsonObject()))));
    }
  }

  @Test
  void request_sends_a_json_body_as_application_json_unless_told_another_type() {
    try (TestBrisk app = TestBrisk.start(EchoApp::new)) {
      JsonObject body = new JsonObject().put("pages", 265);
      HttpResponse<Buffer> json = app.request(HttpMethod.PATCH, "/echo", body, "X-Key", "k");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.bodyAsJsonObject()).isEqualTo(new JsonObject()
          .put("type", "application/json").put("key", "k").put("body", body));
      assertThat(app.request(HttpMethod.PATCH, "/echo", body, "content-type",
          "application/merge-patch+json").bodyAsJsonObject().getString("type"))
          .isEqualTo("application/merge-patch+json");
    }
  }

  @Test
  void starts_on_a_real_free_port_and_serves_it() {
    try (TestBrisk app = TestBrisk.start(WhoApp::new)) {
      assertThat(app.port()).isPositive().isEqualTo(app.running().port());
      assertThat(accepts(app.port())).isTrue();
      HttpResponse<Buffer> r = app.get("/who");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getInteger("verticle")).isEqualTo(1);
      assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void every_instance_serves_the_one_real_port() {
    try (TestBrisk app = TestBrisk.start(WhoApp::new, Map.of("instances", "2"))) {
      assertThat(app.port()).isNotZero();
      // A new connection per request: Vert.x hands accepted connections to the instances in turn.
      WebClient fresh = WebClient.create(app.vertx(), new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(app.port()).setKeepAlive(false));
      Set<Integer> served = new HashSet<>();
      for (int i = 0; i < 6; i++) {
        served.add(await(fresh.get("/who").send()).bodyAsJsonObject().getInteger("verticle"));
      }
      fresh.close();
      assertThat(served).containsExactlyInAnyOrder(1, 2);
    }
  }

  @Test
  void pages_are_signed_with_the_dev_services_cursor_key_as_a_dev_run_signs_them() {
    List<byte[]> dev = PageOptions.keysFrom(DevServices.shared().settings()
        .get(DevServices.CURSOR_KEYS_KEY));
    try (TestBrisk app = TestBrisk.start(WhoApp::new)) {
      assertThat(app.running().context().pages().keys()).hasSize(1);
      assertThat(app.running().context().pages().keys().get(0)).isEqualTo(dev.get(0));
    }
  }

  @Test
  void settings_reach_the_app_and_replace_defaults() {
    try (TestBrisk app = TestBrisk.start(WhoApp::new, Map.of("greeting", "hello"))) {
      assertThat(app.get("/who").bodyAsJsonObject().getString("greeting")).isEqualTo("hello");
      assertThat(app.running().options().host()).isEqualTo("127.0.0.1");
      assertThat(app.running().options().instances()).isEqualTo(1);
    }
  }

  @Test
  void startup_failure_is_thrown_and_bad_settings_name_the_setting() {
    assertThatThrownBy(() -> TestBrisk.start(() -> new BriskApp() {
      @Override
      public Future<Void> start(BriskContext context) {
        return Future.failedFuture(Problem.unavailable("schema missing"));
      }

      @Override
      public void routes(Routes routes, BriskContext context) {
      }
    })).isInstanceOf(Problem.class).hasMessage("schema missing");
    assertThatThrownBy(() -> TestBrisk.start(WhoApp::new, Map.of("instances", "zero")))
        .hasMessageContaining("instances");
  }

  @Test
  void a_setting_nothing_reads_fails_the_start_instead_of_being_ignored() {
    // WhoApp reads greeting; a typo of it would leave the test running with the default.
    assertThatThrownBy(() -> TestBrisk.start(WhoApp::new, Map.of("greting", "hello",
        "deadline", "PT2S")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown setting greting: nothing read it");
  }

  @Test
  void an_unreachable_database_fails_the_start_naming_it_without_its_password() {
    assertThatThrownBy(() -> TestBrisk.start(WhoApp::new,
        Map.of("pg-url", "postgresql://app:s3cret-pw@127.0.0.1:1/app")))
        .hasMessageContaining("Cannot use PostgreSQL (BRISK_PG_URL="
            + "postgresql://***@127.0.0.1:1/app)")
        .hasMessageContaining("Connection refused")
        .message().doesNotContain("s3cret-pw");
  }

  @Test
  void close_stops_listening() {
    TestBrisk app = TestBrisk.start(WhoApp::new);
    int port = app.port();
    app.close();
    assertThat(accepts(port)).isFalse();
  }

  @Test
  void send_adds_header_pairs_and_skips_null_values() {
    try (TestBrisk app = TestBrisk.start(WhoApp::new)) {
      HttpResponse<Buffer> r = await(app.send(HttpMethod.GET, "/who", null,
          "X-Request-Id", "kit-1", "Accept", null));
      assertThat(r.getHeader("X-Request-Id")).isEqualTo("kit-1");
      assertThatThrownBy(() -> app.send(HttpMethod.GET, "/who", null, "Accept"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void await_rethrows_failures_and_await_failure_returns_them() {
    Problem problem = Problem.conflict("taken");
    assertThat(await(Future.succeededFuture("v"))).isEqualTo("v");
    assertThatThrownBy(() -> await(Future.failedFuture(problem))).isSameAs(problem);
    assertThatThrownBy(() -> await(Future.failedFuture(new IOException("io"))))
        .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
    assertThat(awaitFailure(Future.failedFuture(problem))).isSameAs(problem);
    assertThatThrownBy(() -> awaitFailure(Future.succeededFuture("v")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("v");
  }

  @Test
  void eventually_returns_once_the_condition_holds() {
    AtomicInteger polls = new AtomicInteger();
    TestBrisk.eventually("third poll", () -> polls.incrementAndGet() == 3);
    assertThat(polls.get()).isEqualTo(3);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
