package dev.brisk.http;

import static dev.brisk.test.TestBrisk.await;
import static dev.brisk.test.TestBrisk.eventually;
import static dev.brisk.test.TestBrisk.onEventLoop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.devservices.DevServices;
import dev.brisk.test.RedisProxy;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-caller stream caps counted across instances through a real Redis (the dev services'): two
 * apps share one caller's slots, a lease whose instance died lapses while a live one counts, a
 * running stream keeps renewing its lease, and with Redis unreachable each instance counts alone
 * until Redis answers again. Each test names its limiter anew, so no other lease counts.
 */
class SharedStreamSlotsTest {

  /** Short enough that a test outlives several leases. */
  private static final Duration LEASE = Duration.ofMillis(600);

  private final String name = "slots-" + UUID.randomUUID();
  private final List<TestBrisk> apps = new ArrayList<>();
  private final List<HttpClientResponse> open = new ArrayList<>();

  /** Holds {@code /hold} open until its client goes; one per caller across instances. */
  static final class HoldApp implements BriskApp {

    @Override
    public void routes(Routes routes, BriskContext context) {
      routes.stream(HttpMethod.GET, "/hold", Access.open(), limiter(context), ctx ->
          ctx.response().setChunked(true).putHeader("Content-Type", "application/x-ndjson")
              .write("{}\n"));
      routes.stream(HttpMethod.GET, "/quick", Access.open(), limiter(context), ctx ->
          ctx.response().putHeader("Content-Type", "application/json").end("{}"));
    }

    /** One limiter per app, shared by its verticles. */
    private static StreamLimiter limiter(BriskContext context) {
      return context.shared("limiter", () -> {
        String name = context.config().require("slots-name");
        Duration lease = Duration.ofMillis(Long.parseLong(context.config().require("slots-lease")));
        return new DefaultStreamLimiter(name,
            new StreamLimits(8, 1, null, Duration.ofSeconds(1)),
            context.options().auth().tiers(), context.registry(),
            new RedisCallerSlots(context.vertx(), context.redis(), name, 1, lease));
      });
    }
  }

  @AfterEach
  void closeAll() {
    open.forEach(this::close);
    apps.forEach(TestBrisk::close);
  }

  @Test
  void one_callers_streams_are_counted_across_instances() {
    TestBrisk a = start(DevServices.shared().redisUrl());
    TestBrisk b = start(DevServices.shared().redisUrl());
    HttpClientResponse held = hold(a);
    assertThat(held.statusCode()).isEqualTo(200);

    Answer refused = refusal(b);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.retryAfter()).isEqualTo("1");
    assertThat(refused.body()).contains("\"type\":\"https://brisk.dev/problems/rate-limited\"")
        .contains("Too many " + name + " open at once for this caller (at most 1)");

    close(held);
    eventually("b admits once a's stream ended", () -> admits(b));
    assertThat(counter(b, "caller")).isGreaterThanOrEqualTo(1);
  }

  /**
   * A caller that sends its next request as soon as the last is answered, or pipelines them, is
   * admitted each time: its slot is free once the answer has ended, not when Vert.x runs the end
   * handler (after the next request, when pipelined) or when Redis sees the removal.
   */
  @Test
  void a_slot_is_free_for_the_next_request_as_soon_as_the_answer_ends() throws IOException {
    TestBrisk app = start(DevServices.shared().redisUrl());
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      String request = "GET /quick HTTP/1.1\r\nHost: localhost\r\n\r\n";
      socket.getOutputStream().write((request.repeat(3) + request.replace("\r\n\r\n",
          "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.US_ASCII));
      String answers = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      assertThat(Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers).results()
          .map(m -> m.group(1))).containsExactly("200", "200", "200", "200");
    }
    for (int i = 0; i < 40; i++) {
      assertThat(app.get("/quick").statusCode()).as("request %d", i).isEqualTo(200);
    }
    assertThat(counter(app, "caller")).isZero();
  }

  @Test
  void a_lease_whose_instance_died_lapses_and_a_live_one_counts() {
    TestBrisk a = start(DevServices.shared().redisUrl());
    String key = "brisk:streams:{ip:127.0.0.1}:" + name;
    // Another instance's lease, renewed: it counts.
    redis(a, Request.cmd(Command.ZADD).arg(key).arg(Long.MAX_VALUE / 4).arg("other:1"));
    assertThat(refusal(a).status()).isEqualTo(429);
    // Its instance died: the lease's time passed unrenewed, and the next take drops it.
    redis(a, Request.cmd(Command.ZADD).arg(key).arg(1).arg("other:1"));
    HttpClientResponse held = hold(a);
    assertThat(held.statusCode()).isEqualTo(200);
    assertThat(redis(a, Request.cmd(Command.ZRANGE).arg(key).arg(0).arg(-1)).toString())
        .doesNotContain("other:1");
    close(held);
    eventually("the ended stream's lease is removed",
        () -> redis(a, Request.cmd(Command.ZCARD).arg(key)).toInteger() == 0);
  }

  @Test
  void a_running_stream_keeps_its_slot_past_its_lease_time() throws InterruptedException {
    TestBrisk a = start(DevServices.shared().redisUrl());
    TestBrisk b = start(DevServices.shared().redisUrl());
    assertThat(hold(a).statusCode()).isEqualTo(200);
    // Five lease times: without renewal the lease would have lapsed four times over.
    Thread.sleep(LEASE.toMillis() * 5);
    assertThat(refusal(b).status()).isEqualTo(429);
  }

  @Test
  void without_redis_each_instance_counts_alone_until_redis_answers_again() {
    try (RedisProxy proxy = new RedisProxy(DevServices.shared().redisUrl())) {
      TestBrisk c = start(proxy.url());
      TestBrisk a = start(DevServices.shared().redisUrl());
      proxy.stop();

      HttpClientResponse local = hold(c);
      assertThat(local.statusCode()).isEqualTo(200);
      assertThat(fallback(c)).isEqualTo(1);
      // The cap still holds on this instance.
      assertThat(refusal(c).status()).isEqualTo(429);
      // c's slot is not in Redis, so a (which reaches Redis) admits the same caller.
      assertThat(hold(a).statusCode()).isEqualTo(200);

      close(local);
      proxy.start();
      // Shared again: c now sees a's lease. Streams c admits locally meanwhile are closed.
      eventually("c counts through Redis again", () -> {
        HttpClientResponse answer = await(open(c)).response();
        if (answer.statusCode() == 200) {
          close(answer);
          return false;
        }
        return answer.statusCode() == 429;
      });
      assertThat(fallback(c)).isZero();
    }
  }

  /**
   * The blip must be shorter than a lease, and it lasts as long as c takes to see Redis gone and
   * back (up to a take's timeout, more on a loaded machine), so this test's leases are longer.
   */
  @Test
  void once_redis_answers_again_running_streams_keep_their_leases_without_a_new_stream() {
    Duration lease = Duration.ofSeconds(4);
    try (RedisProxy proxy = new RedisProxy(DevServices.shared().redisUrl())) {
      TestBrisk c = start(proxy.url(), lease);
      TestBrisk a = start(DevServices.shared().redisUrl(), lease);
      HttpClientResponse held = hold(c);
      assertThat(held.statusCode()).isEqualTo(200);

      // A blip shorter than a lease: the one stream started meanwhile counts on c alone.
      proxy.stop();
      HttpClientResponse local = hold(c);
      assertThat(local.statusCode()).isEqualTo(200);
      assertThat(fallback(c)).isEqualTo(1);
      proxy.start();
      close(local);

      // No stream starts after it, yet c shares again and keeps renewing the running one's
      // lease; before, renewals waited for a stream start to probe Redis, and the lease lapsed.
      eventually("c counts through Redis again", () -> fallback(c) == 0);
      // Three lease times, checked twice in each.
      for (int check = 0; check < 6; check++) {
        assertThat(refusal(a).status()).as("a sees c's running stream").isEqualTo(429);
        sleep(lease.dividedBy(2));
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private TestBrisk start(String redisUrl) {
    return start(redisUrl, LEASE);
  }

  private TestBrisk start(String redisUrl, Duration lease) {
    TestBrisk app = TestBrisk.start(HoldApp::new, Map.of("redis-url", redisUrl,
        "slots-name", name, "slots-lease", String.valueOf(lease.toMillis())));
    apps.add(app);
    return app;
  }

  /** Opens {@code /hold} as the anonymous caller 127.0.0.1; a 200 stays open until closed. */
  private HttpClientResponse hold(TestBrisk app) {
    return await(open(app)).response();
  }

  /** A 200 is paused and kept open (closed after the test); a refusal is read whole. */
  private Future<Answer> open(TestBrisk app) {
    HttpClient client = app.vertx().createHttpClient();
    return onEventLoop(app.vertx(), () -> client.request(HttpMethod.GET, app.port(),
        "127.0.0.1", "/hold").compose(req -> req.send()).compose(resp -> {
          if (resp.statusCode() == 200) {
            open.add(resp.pause());
            return Future.succeededFuture(new Answer(resp, null));
          }
          return resp.body().map(body -> new Answer(resp, body.toString()));
        }));
  }

  private boolean admits(TestBrisk app) {
    return await(open(app)).response().statusCode() == 200;
  }

  private Answer refusal(TestBrisk app) {
    return await(open(app));
  }

  /** An answer to {@code /hold}, with the body of a refusal. */
  private record Answer(HttpClientResponse response, String body) {
    int status() {
      return response.statusCode();
    }

    String retryAfter() {
      return response.getHeader("Retry-After");
    }
  }

  private void close(HttpClientResponse response) {
    await(response.request().connection().close().otherwiseEmpty());
  }

  private static io.vertx.redis.client.Response redis(TestBrisk app, Request request) {
    return await(app.running().context().redis().send(request));
  }

  private double fallback(TestBrisk app) {
    return app.running().context().registry().get("brisk.stream.redis_fallback")
        .tag("limiter", name).gauge().value();
  }

  private double counter(TestBrisk app, String reason) {
    return app.running().context().registry().get("brisk.stream.refused")
        .tag("limiter", name).tag("reason", reason).counter().count();
  }
}
