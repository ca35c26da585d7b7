package dev.brisk.test;

import dev.brisk.Brisk;
import dev.brisk.BriskApp;
import dev.brisk.BriskConfig;
import dev.brisk.BriskOptions;
import dev.brisk.RunningBrisk;
import dev.brisk.devservices.DevServices;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Brisk app started for a test on a free loopback port against the JVM's shared dev services
 * (real PostgreSQL and Redis), with a client pointed at it.
 *
 * <p>{@code try (TestBrisk app = TestBrisk.start(ShopApp::new)) { app.get("/health/ready"); }}
 *
 * <p>Blocking methods run on the test thread, never on an event loop. Thread-safe.
 */
public final class TestBrisk implements AutoCloseable {

  /** How long blocking helpers wait. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final RunningBrisk running;
  private final WebClient client;

  private TestBrisk(RunningBrisk running) {
    this.running = running;
    this.client = WebClient.create(running.context().vertx(), new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(running.port()),
        new PoolOptions().setHttp1MaxSize(64));
  }

  /** Starts the app with one verticle on 127.0.0.1 and a free port, and waits until it listens. */
  public static TestBrisk start(Supplier<BriskApp> app) {
    return start(app, Map.of());
  }

  /**
   * Like {@link #start(Supplier)} with extra settings as on the command line, without the dashes
   * ({@code Map.of("deadline", "PT1S", "instances", "2", "dataset", "small")}).
   */
  public static TestBrisk start(Supplier<BriskApp> app, Map<String, String> settings) {
    DevServices dev = DevServices.shared();
    Map<String, String> all = new HashMap<>(Map.of("pg-url", dev.pgUrl(),
        "redis-url", dev.redisUrl(), "port", "0", "host", "127.0.0.1", "instances", "1"));
    all.putAll(settings);
    BriskConfig config = BriskConfig.of(all);
    return new TestBrisk(await(Brisk.start(BriskOptions.from(config), config, app)));
  }

  /** The started app. */
  public RunningBrisk running() {
    return running;
  }

  /** The port it really listens on. */
  public int port() {
    return running.port();
  }

  /** Its Vert.x instance. */
  public Vertx vertx() {
    return running.context().vertx();
  }

  /** A client with the app as default host and port (64 connections). */
  public WebClient client() {
    return client;
  }

  /** {@code GET uri} with header name/value pairs; waits for the response. */
  public HttpResponse<Buffer> get(String uri, String... headers) {
    return await(send(HttpMethod.GET, uri, null, headers));
  }

  /** Sends a request with header name/value pairs (null values skipped), without waiting. */
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

  /** Stops the app gracefully and waits until it has. */
  @Override
  public void close() {
    client.close();
    await(running.close());
  }

  /**
   * Waits for {@code future} up to {@link #TIMEOUT} on a test thread; its failure is rethrown
   * (unchecked as is, checked wrapped).
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
}
