package dev.brisk.stream;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

/**
 * A ReadStream the test drives: {@link #emit}, {@link #end} and {@link #fail} hop onto the
 * stream's context, as a real source's events would arrive there.
 */
final class TestSource implements ReadStream<JsonObject> {

  private final Context context;
  private Handler<JsonObject> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private volatile boolean paused;
  private volatile long nextId = 1;

  TestSource(Context context) {
    this.context = context;
  }

  /** Emits {@code count} items {@code {"id": n}} with increasing ids. */
  void emit(int count) {
    context.runOnContext(v -> {
      for (int i = 0; i < count; i++) {
        handler.handle(new JsonObject().put("id", nextId++));
      }
    });
  }

  void end() {
    context.runOnContext(v -> endHandler.handle(null));
  }

  void fail(Throwable failure) {
    context.runOnContext(v -> exceptionHandler.handle(failure));
  }

  boolean isPaused() {
    return paused;
  }

  boolean hasHandler() {
    return handler != null;
  }

  @Override
  public ReadStream<JsonObject> exceptionHandler(Handler<Throwable> h) {
    exceptionHandler = h;
    return this;
  }

  @Override
  public ReadStream<JsonObject> handler(Handler<JsonObject> h) {
    handler = h;
    return this;
  }

  @Override
  public ReadStream<JsonObject> pause() {
    paused = true;
    return this;
  }

  @Override
  public ReadStream<JsonObject> resume() {
    paused = false;
    return this;
  }

  @Override
  public ReadStream<JsonObject> fetch(long amount) {
    paused = false;
    return this;
  }

  @Override
  public ReadStream<JsonObject> endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }
}
