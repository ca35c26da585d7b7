package dev.brisk.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkedStreamTest {

  /** The integers 0..n-1, emitted synchronously while there is demand, as a cursor would. */
  static final class Numbers implements ReadStream<Integer> {
    private final int n;
    private int next;
    private long demand = Long.MAX_VALUE;
    private boolean emitting;
    private Handler<Integer> handler;
    private Handler<Void> endHandler;
    private boolean ended;

    Numbers(int n) {
      this.n = n;
    }

    @Override
    public Numbers exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public Numbers handler(Handler<Integer> h) {
      handler = h;
      emit();
      return this;
    }

    @Override
    public Numbers pause() {
      demand = 0;
      return this;
    }

    @Override
    public Numbers resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public Numbers fetch(long amount) {
      demand = amount >= Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + amount;
      emit();
      return this;
    }

    @Override
    public Numbers endHandler(Handler<Void> h) {
      endHandler = h;
      return this;
    }

    private void emit() {
      if (emitting || handler == null) {
        return;
      }
      emitting = true;
      while (demand > 0 && next < n) {
        demand--;
        handler.handle(next++);
      }
      emitting = false;
      if (next == n && !ended) {
        ended = true;
        endHandler.handle(null);
      }
    }
  }

  /** A mapping that doubles each number once the test completes its chunk. */
  static final class Pending implements Function<List<Integer>, Future<List<Integer>>> {
    final ArrayDeque<Promise<List<Integer>>> promises = new ArrayDeque<>();
    final ArrayDeque<List<Integer>> chunks = new ArrayDeque<>();
    final List<Integer> sizes = new ArrayList<>();

    @Override
    public Future<List<Integer>> apply(List<Integer> chunk) {
      sizes.add(chunk.size());
      chunks.add(chunk);
      Promise<List<Integer>> p = Promise.promise();
      promises.add(p);
      return p.future();
    }

    void completeNext() {
      List<Integer> chunk = chunks.poll();
      promises.poll().complete(chunk.stream().map(i -> i * 2).toList());
    }
  }

  @Test
  void maps_each_chunk_with_one_call_and_keeps_the_order() {
    Numbers source = new Numbers(25);
    Pending fn = new Pending();
    List<Integer> out = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    ChunkedStream.map(source, 10, fn).endHandler(v -> ends.add("end")).handler(out::add);

    while (!fn.promises.isEmpty()) {
      fn.completeNext();
    }

    assertThat(fn.sizes).containsExactly(10, 10, 5);
    assertThat(out).isEqualTo(IntStream.range(0, 25).map(i -> i * 2).boxed().toList());
    assertThat(ends).containsExactly("end");
  }

  @Test
  void a_mapping_that_completes_at_once_still_emits_every_item_once() {
    List<Integer> out = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    ChunkedStream.map(new Numbers(20), 5, chunk -> Future.succeededFuture(chunk))
        .endHandler(v -> ends.add("end")).handler(out::add);

    assertThat(out).isEqualTo(IntStream.range(0, 20).boxed().toList());
    assertThat(ends).containsExactly("end");
  }

  @Test
  void a_paused_consumer_holds_the_source_to_one_chunk() {
    Numbers source = new Numbers(1_000);
    Pending fn = new Pending();
    List<Integer> out = new ArrayList<>();
    ChunkedStream<Integer> stream = ChunkedStream.map(source, 10, fn);
    stream.handler(i -> {
      out.add(i);
      stream.pause();
    });

    fn.completeNext();
    assertThat(out).hasSize(1);
    assertThat(source.next).isEqualTo(10);
    assertThat(fn.promises).isEmpty();

    stream.handler(out::add).resume();
    while (!fn.promises.isEmpty()) {
      fn.completeNext();
    }
    assertThat(out).hasSize(1_000);
  }

  @Test
  void a_failed_mapping_stops_the_source_and_fails_once() {
    Numbers source = new Numbers(100);
    List<Throwable> failures = new ArrayList<>();
    List<Integer> out = new ArrayList<>();
    ChunkedStream.map(source, 10, chunk -> chunk.get(0) == 10
            ? Future.<List<Integer>>failedFuture(new IllegalStateException("boom"))
            : Future.succeededFuture(chunk))
        .exceptionHandler(failures::add)
        .endHandler(v -> failures.add(new AssertionError("ended")))
        .handler(out::add);

    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
    assertThat(out).hasSize(10);
    assertThat(source.next).isEqualTo(20);
    assertThat(source.demand).isZero();
  }

  @Test
  void chunk_size_must_be_positive() {
    assertThatThrownBy(() -> ChunkedStream.map(new Numbers(1), 0, Future::succeededFuture))
        .hasMessage("chunkSize must be >= 1, was 0");
  }
}
