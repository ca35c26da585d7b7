package dev.brisk.test;

import dev.brisk.Brisk;
import dev.brisk.BriskApp;
import dev.brisk.BriskConfig;
import dev.brisk.BriskOptions;
import dev.brisk.RunningBrisk;
import dev.brisk.devservices.DevServices;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A Brisk app started for a test on a free loopback port against the JVM's shared dev services
 * (real PostgreSQL and Redis, or {@code BRISK_PG_URL} / {@code BRISK_REDIS_URL}), with a client
 * pointed at it.
 *
 * <pre>{@code
 * try (TestBrisk app = TestBrisk.start(ShopApp::new)) {
 *   assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
 * }
 * }</pre>
 *
 * <p>Everything but the listening address and the stores runs as in production, the rate limits
 * included (anonymous 50/s per client IP, counted in the shared Redis); pass
 * {@code "rate-limiting", "off"} when a test is not about them. Every app of the JVM shares one
 * database and one Redis: give a test class tables or rows of its own (docs/testing.md).
 *
 * <p>Blocking methods wait on the calling test thread (never call them on an event loop) for at
 * most {@link #TIMEOUT}. Instances are thread-safe.
 *
 * <p>Started in a static field, as above, the app must not read static fields of the class that
 * starts it (keep its resources in the app's class): its routes are declared on an event loop
 * while that class is still initializing, so the event loop waits for the class, the class for
 * the start, and the start fails after {@link #TIMEOUT} with "Timed out". {@code @BeforeAll}
 * has no such trap.
 */
public final class TestBrisk implements AutoCloseable {

  /** How long blocking helpers wait before they fail. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** How long {@link #eventually} polls before it fails. */
  public static final Duration EVENTUALLY = Duration.ofSeconds(30);

  private static final long POLL_MILLIS = 20;
  private static final int CLIENT_KEEP_ALIVE_SECONDS = 10;

  private final RunningBrisk running;
  private final WebClient client;

  private TestBrisk(RunningBrisk running) {
    this.running = running;
    // Idle connections are dropped after 10 s, before the server closes them (no request head
    // for 30 s): a connection reused just as the server closes it fails the request.
    this.client = WebClient.create(running.context().vertx(), new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(running.port())
        .setKeepAliveTimeout(CLIENT_KEEP_ALIVE_SECONDS),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /**
   * Starts the app with one HTTP verticle on 127.0.0.1 and a free port, and waits until it
   * listens.
   *
   * <p>{@code TestBrisk app = TestBrisk.start(ShopApp::new);}
   *
   * @throws RuntimeException the startup failure (a bad setting, a failing {@code start})
   */
  public static TestBrisk start(Supplier<BriskApp> app) {
    return start(app, Map.of());
  }

  /**
   * Like {@link #start(Supplier)} with settings as on the command line without the dashes; they
   * replace the defaults ({@code port=0}, {@code host=127.0.0.1}, {@code instances=1}, the dev
   * services' store URLs and cursor key) and are readable by the app through
   * {@code BriskContext.config()}.
   * A setting that neither Brisk nor the app has read once the app listens is refused, as
   * {@code Brisk.run} refuses an unknown option.
   *
   * <p>{@code TestBrisk.start(ShopApp::new, Map.of("deadline", "PT1S", "instances", "2"))}
   */
  public static TestBrisk start(Supplier<BriskApp> app, Map<String, String> settings) {
    DevServices dev = DevServices.shared();
    // The dev services' cursor key too, as Brisk.run takes it from them: every app of the JVM
    // shares it, as instances share BRISK_CURSOR_KEYS.
    Map<String, String> all = new HashMap<>(Map.of("pg-url", dev.pgUrl(),
        "redis-url", dev.redisUrl(), "cursor-keys",
        dev.settings().get(DevServices.CURSOR_KEYS_KEY), "port", "0", "host", "127.0.0.1",
        "instances", "1"));
    all.putAll(settings);
    // Given as on the command line, so a setting nothing read (a typo) is known by its name;
    // secrets in the environment, the only place Brisk reads them from.
    Map<String, String> env = new HashMap<>();
    for (String key : List.copyOf(all.keySet())) {
      if (BriskConfig.isEnvironmentOnly(key)) {
        env.put(BriskConfig.envName(key), all.remove(key));
      }
    }
    BriskConfig config = BriskConfig.from(all.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new), env);
    RunningBrisk running;
    try {
      running = await(Brisk.start(BriskOptions.from(config), config, app));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw new IllegalStateException("The app did not start within " + TIMEOUT + ". Started "
            + "in a static field, does it read static fields of the class that starts it? Its "
            + "routes then wait for that class, which waits for the start (see TestBrisk)", e);
      }
      throw e;
    }
    List<String> unknown = config.unread();
    if (!unknown.isEmpty()) {
      await(running.close());
      throw new IllegalArgumentException("Unknown setting" + (unknown.size() == 1 ? " " : "s ")
          + String.join(", ", unknown) + ": nothing read it by the time the app listened, so "
          + "the test would run without it; see docs/deploy.md#configuration for the settings");
    }
    return new TestBrisk(running);
  }

  /** The started app: its options, context (database, Redis, registry) and graceful close. */
  public RunningBrisk running() {
    return running;
  }

  /** The port the app really listens on (never 0). */
  public int port() {
    return running.port();
  }

  /** The app's Vert.x instance. */
  public Vertx vertx() {
    return running.context().vertx();
  }

  /** A client with the app as default host and port, up to 64 connections. */
  public WebClient client() {
    return client;
  }

  /**
   * {@code GET uri} with header name/value pairs; waits for the response.
   *
   * <p>{@code app.get("/api/products/1", "Accept", "application/x-protobuf")}
   */
  public HttpResponse<Buffer> get(String uri, String... headers) {
    return await(send(HttpMethod.GET, uri, null, headers));
  }

  /**
   * {@code method uri} with {@code json} (null: none) as its body, sent as
   * {@code application/json} unless {@code headers} name another {@code Content-Type}, and
   * header name/value pairs; waits for the response.
   *
   * <p>{@code app.request(HttpMethod.PATCH, "/api/books/7", new JsonObject().put("pages", 265),
   * "Content-Type", "application/merge-patch+json", "If-Match", etag)}
   */
  public HttpResponse<Buffer> request(HttpMethod method, String uri, JsonObject json,
      String... headers) {
    if (json == null) {
      return await(send(method, uri, null, headers));
    }
    boolean typed = false;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type") && headers[i + 1] != null;
    }
    String[] all = headers;
    if (!typed) {
      all = Arrays.copyOf(headers, headers.length + 2);
      all[headers.length] = "Content-Type";
      all[headers.length + 1] = "application/json";
    }
    return await(send(method, uri, json.toBuffer(), all));
  }

  /**
   * Sends a request with an optional body and header name/value pairs (pairs with a null value
   * are skipped) without waiting, for concurrent requests.
   *
   * <p>{@code app.send(HttpMethod.POST, "/api/orders", Buffer.buffer(json),
   * "Content-Type", "application/json")}
   */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String uri, Buffer body,
      String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name/value pairs, got "
          + headers.length + " strings");
    }
    HttpRequest<Buffer> request = client.request(method, uri);
    MultiMap map = request.headers();
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        map.add(headers[i], headers[i + 1]);
      }
    }
    return body == null ? request.send() : request.sendBuffer(body);
  }

  /** Stops the app gracefully (in-flight requests drain) and waits until it has. */
  @Override
  public void close() {
    client.close();
    await(running.close());
  }

  /**
   * Waits for {@code future} and returns its result; its failure is rethrown (unchecked as is,
   * checked wrapped in {@link IllegalStateException}).
   *
   * <p>{@code RowSet<Row> rows = TestBrisk.await(db.query("SELECT 1"));}
   */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out after " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for {@code future} to fail and returns why.
   *
   * <p>{@code assertThat(TestBrisk.awaitFailure(db.query("SELEC"))).isInstanceOf(...)}
   *
   * @throws AssertionError if it succeeds instead
   */
  public static Throwable awaitFailure(Future<?> future) {
    AsyncResult<?> outcome = await(future.transform(Future::succeededFuture));
    if (outcome.succeeded()) {
      throw new AssertionError("expected a failure, got " + outcome.result());
    }
    return outcome.cause();
  }

  /**
   * Starts {@code exchange} on an event loop of {@code vertx}: for requests made with a raw
   * {@code HttpClient}. A response's handlers must be set in the callback that delivers it, which
   * holds only when the whole chain runs on the event loop; chained from a test thread, a
   * callback may run in a later event-loop task, after a small response has ended, and a
   * {@code resp.body()} asked for there never completes.
   *
   * <p>{@code Buffer body = TestBrisk.await(TestBrisk.onEventLoop(app.vertx(),
   * () -> h2.request(HttpMethod.GET, "/x").compose(HttpClientRequest::send)
   * .compose(HttpClientResponse::body)));}
   */
  public static <T> Future<T> onEventLoop(Vertx vertx, Supplier<Future<T>> exchange) {
    Promise<T> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        exchange.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }

  /**
   * Polls {@code condition} every 20 ms until it holds: for states a test cannot be notified of
   * (rows in {@code pg_stat_activity}, pool gauges). It asserts a state, never a duration.
   *
   * <p>{@code TestBrisk.eventually("connection released", () -> db.pressure().inUse() == 0);}
   *
   * <p>Make sure the condition cannot become true by itself within {@link #EVENTUALLY} (a
   * {@code pg_sleep} that merely ends), or the test can pass without proving anything.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@link #EVENTUALLY}
   */
  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + EVENTUALLY.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Not true within " + EVENTUALLY + ": " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
