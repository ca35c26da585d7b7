package dev.brisk.devservices;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link FakeCarrier} on its own single-event-loop Vert.x. All state lives on that event loop,
 * so it needs no locks.
 */
final class CarrierServer implements FakeCarrier {

  private static final long START_SECONDS = 10;

  private final Vertx vertx;
  private final HttpServer server;
  private long latencyMs;
  private double errorRate;
  private double errorDebt;
  private boolean down;
  private long requests;
  private long cancelled;
  private boolean closed;

  private CarrierServer(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static CarrierServer start() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("FakeCarrier.start blocks; not on an event loop");
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    CarrierServer carrier = new CarrierServer(vertx);
    try {
      await(carrier.server.listen(0, "127.0.0.1"));
      return carrier;
    } catch (RuntimeException e) {
      carrier.close();
      throw new IllegalStateException("Fake carrier did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        await(vertx.close());
      } catch (RuntimeException e) {
        // Nothing to clean up beyond the Vert.x instance; a failed close leaves nothing on disk.
      }
    }
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/quote") && req.method().name().equals("GET")) {
      quote(req);
    } else if (path.equals("/faults") && req.method().name().equals("GET")) {
      json(req, 200, faults());
    } else if (path.equals("/faults") && req.method().name().equals("PUT")) {
      req.body().onSuccess(body -> setFaults(req, body.toString()));
    } else {
      json(req, 404, new JsonObject().put("error", "no route " + req.method() + " " + path));
    }
  }

  private void quote(HttpServerRequest req) {
    requests++;
    long productId;
    try {
      productId = Long.parseLong(req.getParam("product_id", ""));
    } catch (NumberFormatException e) {
      json(req, 400, new JsonObject().put("error", "product_id must be a number"));
      return;
    }
    String zip = req.getParam("zip", "");
    int status = failure();
    req.response().closeHandler(v -> cancelled++);
    Runnable answer = () -> {
      if (req.response().closed()) {
        return;
      } else if (status != 200) {
        json(req, status, new JsonObject().put("error", status == 503 ? "down" : "failed"));
      } else {
        json(req, 200, quoteFor(productId, zip));
      }
    };
    if (latencyMs > 0) {
      vertx.setTimer(latencyMs, t -> answer.run());
    } else {
      answer.run();
    }
  }

  /** 503 when down, 500 for the error-rate share (evenly spread), else 200. */
  private int failure() {
    if (down) {
      return 503;
    }
    errorDebt += errorRate;
    if (errorDebt >= 1) {
      errorDebt -= 1;
      return 500;
    }
    return 200;
  }

  static JsonObject quoteFor(long productId, String zip) {
    int spread = Math.floorMod((productId * 31 + zip.hashCode()), 900);
    return new JsonObject().put("carrier", "brisk-post").put("price_cents", 300 + spread)
        .put("days", 1 + Math.floorMod(zip.hashCode(), 5));
  }

  private void setFaults(HttpServerRequest req, String body) {
    try {
      JsonObject faults = body.isBlank() ? new JsonObject() : new JsonObject(body);
      long latency = faults.getLong("latency_ms", latencyMs);
      double rate = faults.getDouble("error_rate", errorRate);
      if (latency < 0 || rate < 0 || rate > 1) {
        json(req, 400, new JsonObject().put("error", "latency_ms >= 0, error_rate in [0, 1]"));
        return;
      }
      latencyMs = latency;
      if (faults.containsKey("error_rate")) {
        // A new rate starts its spread afresh: 0.5 then fails calls 2, 4, 6...
        errorRate = rate;
        errorDebt = 0;
      }
      down = faults.getBoolean("down", down);
      json(req, 200, faults());
    } catch (DecodeException | ClassCastException e) {
      json(req, 400, new JsonObject().put("error", "body must be a JSON object of faults"));
    }
  }

  private JsonObject faults() {
    return new JsonObject().put("latency_ms", latencyMs).put("error_rate", errorRate)
        .put("down", down).put("requests", requests).put("cancelled", cancelled);
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + START_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
