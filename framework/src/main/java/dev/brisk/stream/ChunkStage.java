package dev.brisk.stream;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * {@link ChunkedStream} over a source kept paused except for one chunk's worth of demand: the
 * chunk collects, is mapped, is emitted while the consumer has demand, and only then is the next
 * one requested. Single-threaded (the source's context); re-entrant calls from the handlers are
 * safe.
 */
final class ChunkStage<A, T> implements ChunkedStream<T> {

  private final ReadStream<A> source;
  private final int chunkSize;
  private final Function<List<A>, Future<List<T>>> fn;
  private List<A> collecting;
  private Iterator<T> ready;
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  /** Items asked of the source and not yet received. */
  private long requested;
  private boolean started;
  private boolean mapping;
  private boolean sourceEnded;
  private boolean emitting;
  private boolean finished;

  ChunkStage(ReadStream<A> source, int chunkSize, Function<List<A>, Future<List<T>>> fn) {
    this.source = source;
    this.chunkSize = chunkSize;
    this.fn = fn;
    this.collecting = new ArrayList<>(chunkSize);
  }

  @Override
  public ChunkedStream<T> handler(Handler<T> h) {
    if (h == null) {
      close();
      return this;
    }
    handler = h;
    if (!started) {
      started = true;
      // Paused before the handler is set: a source that starts on its handler must not run ahead.
      source.pause();
      source.exceptionHandler(this::fail);
      source.endHandler(v -> onSourceEnd());
      source.handler(this::onItem);
      request();
    }
    return this;
  }

  @Override
  public ChunkedStream<T> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ChunkedStream<T> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ChunkedStream<T> fetch(long amount) {
    demand = amount >= Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + amount;
    if (started) {
      drain();
    }
    return this;
  }

  @Override
  public ChunkedStream<T> endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }

  @Override
  public ChunkedStream<T> exceptionHandler(Handler<Throwable> h) {
    exceptionHandler = h;
    return this;
  }

  @Override
  public Future<Void> close() {
    if (finished) {
      return Future.succeededFuture();
    }
    stop();
    return Sources.close(source);
  }

  private void request() {
    requested = chunkSize;
    source.fetch(chunkSize);
  }

  private void onItem(A item) {
    if (finished) {
      return;
    }
    collecting.add(item);
    requested--;
    if (collecting.size() >= chunkSize && !mapping) {
      mapChunk();
    }
  }

  private void onSourceEnd() {
    if (finished) {
      return;
    }
    sourceEnded = true;
    drain();
  }

  private void mapChunk() {
    List<A> chunk = collecting;
    collecting = new ArrayList<>(chunkSize);
    mapping = true;
    Future<List<T>> mapped;
    try {
      mapped = fn.apply(chunk);
    } catch (RuntimeException e) {
      mapped = Future.failedFuture(e);
    }
    mapped.onComplete(ar -> onMapped(ar, chunk.size()));
  }

  private void onMapped(AsyncResult<List<T>> ar, int expected) {
    mapping = false;
    if (finished) {
      return;
    }
    if (ar.failed()) {
      Sources.close(source);
      fail(ar.cause());
    } else if (ar.result() == null || ar.result().size() != expected) {
      Sources.close(source);
      fail(new IllegalStateException("a chunk of " + expected + " items was mapped to "
          + (ar.result() == null ? "null" : ar.result().size() + " results")));
    } else {
      ready = ar.result().iterator();
      drain();
    }
  }

  /** Emits mapped items while there is demand; then maps, requests or ends what comes next. */
  private void drain() {
    if (emitting || finished) {
      return;
    }
    emitting = true;
    try {
      while (demand > 0 && ready != null && ready.hasNext() && !finished) {
        T item = ready.next();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(item);
      }
    } finally {
      emitting = false;
    }
    if (finished || mapping || (ready != null && ready.hasNext())) {
      return;
    }
    ready = null;
    if (!collecting.isEmpty() && (sourceEnded || collecting.size() >= chunkSize)) {
      mapChunk();
    } else if (sourceEnded) {
      stop();
      if (endHandler != null) {
        endHandler.handle(null);
      }
    } else if (requested == 0) {
      request();
    }
  }

  private void fail(Throwable failure) {
    if (finished) {
      return;
    }
    stop();
    if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    }
  }

  private void stop() {
    finished = true;
    ready = null;
    collecting = List.of();
  }
}
