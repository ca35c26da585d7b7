package dev.brisk.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.internal.RequestScope;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Which context callbacks and batch functions run on, and scopes. */
@ExtendWith(VertxExtension.class)
class DataLoaderContextTest {

  private final DataLoaderOptions options =
      DataLoaderOptions.defaults().withRegistry(new SimpleMeterRegistry());

  /**
   * Guards the relay design: a future bridged to context {@code a} runs its listeners on
   * {@code a}, inline when its promise completes on {@code a}'s event loop (so follow-up loads
   * join the current batch).
   */
  @Test
  void a_future_bridged_to_a_context_runs_listeners_there_inline(
      Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal a = base.duplicate();
    ContextInternal b = base.duplicate();
    CompletableFuture<String> stage = new CompletableFuture<>();
    Future<String> onA = Future.fromCompletionStage(stage, a);
    List<Object> seen = new ArrayList<>();
    b.runOnContext(v -> {
      onA.onComplete(ar -> seen.add(Vertx.currentContext()));
      stage.complete("x");
      seen.add(Vertx.currentContext());
      test.verify(() -> {
        assertThat(seen).containsExactly(a, b);
        test.completeNow();
      });
    });
  }

  @Test
  void callbacks_run_on_the_context_that_loaded(Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal owner = base.duplicate();
    ContextInternal first = base.duplicate();
    ContextInternal second = base.duplicate();
    RecordingFn<Integer, String> fn = RecordingFn.deferred(RecordingFn.naming("v"));
    DataLoader<Integer, String> loader = DataLoaderScope.create(owner).loader("n", fn, options);
    List<Future<Context>> seen = new CopyOnWriteArrayList<>();
    base.runOnContext(v -> {
      first.dispatch(() -> seen.add(loader.load(1).map(x -> Vertx.currentContext())));
      // Same key from another context: served by the first promise, relayed to this context.
      second.dispatch(() -> seen.add(loader.load(1).map(x -> Vertx.currentContext())));
      second.dispatch(() -> seen.add(loader.load(2).map(x -> Vertx.currentContext())));
      Future.all(List.copyOf(seen)).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(all.<Context>list()).containsExactly(first, second, second);
        assertThat(fn.calls).containsExactly(List.of(1, 2));
        assertThat(fn.contexts).containsExactly(owner);
        test.completeNow();
      })));
    });
  }

  @Test
  void loads_from_a_non_vertx_thread_complete_on_the_scope_context(
      Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    DataLoader<Integer, String> loader = DataLoaderScope.create(context).loader("n", fn, options);
    assertThat(Vertx.currentContext()).isNull();
    Future<List<String>> many = loader.loadMany(List.of(1, 2));
    Future<String> one = loader.load(3);
    Future.all(many.map(x -> Vertx.currentContext()), one.map(x -> Vertx.currentContext()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertThat(all.<Context>list()).containsExactly(context, context);
          assertThat(many.result()).containsExactly("v1", "v2");
          assertThat(one.result()).isEqualTo("v3");
          assertThat(fn.contexts).containsOnly(context);
          test.completeNow();
        })));
  }

  @Test
  void loads_from_another_event_loop_complete_on_the_callers_context(
      Vertx vertx, VertxTestContext test) {
    ContextInternal owner = ((VertxInternal) vertx).createEventLoopContext();
    ContextInternal other = ((VertxInternal) vertx).createEventLoopContext();
    for (int i = 0; i < 8 && other.nettyEventLoop() == owner.nettyEventLoop(); i++) {
      other = ((VertxInternal) vertx).createEventLoopContext();
    }
    ContextInternal caller = other;
    assertThat(caller.nettyEventLoop()).isNotSameAs(owner.nettyEventLoop());
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    DataLoader<Integer, String> loader = DataLoaderScope.create(owner).loader("n", fn, options);
    caller.runOnContext(v -> loader.load(7).onComplete(test.succeeding(value -> test.verify(() -> {
      assertThat(Vertx.currentContext()).isSameAs(caller);
      assertThat(value).isEqualTo("v7");
      assertThat(fn.contexts).containsExactly(owner);
      test.completeNow();
    }))));
  }

  @Test
  void coalescing_shares_one_fetch_across_scopes_on_one_event_loop(
      Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal requestA = base.duplicate();
    ContextInternal requestB = base.duplicate();
    RecordingFn<Integer, String> fn = RecordingFn.deferred(RecordingFn.naming("v"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DataLoaderOptions coalescing = options.withCoalesce(true).withRegistry(registry);
    DataLoader<Integer, String> a = DataLoaderScope.create(requestA).loader("p", fn, coalescing);
    DataLoader<Integer, String> b = DataLoaderScope.create(requestB).loader("p", fn, coalescing);
    base.runOnContext(v -> {
      Future<List<String>> fromA = on(requestA, () -> a.loadMany(List.of(1, 2)));
      Future<Context> fromB =
          on(requestB, () -> b.loadMany(List.of(2, 1)).map(x -> Vertx.currentContext()));
      Future.all(fromA, fromB)
          .compose(both -> {
            assertThat(fn.calls).containsExactly(List.of(1, 2));
            // Completed fetches are not remembered across scopes.
            return DataLoaderScope.create(base.duplicate()).loader("p", fn, coalescing).load(1);
          })
          .onComplete(test.succeeding(again -> test.verify(() -> {
            assertThat(fromA.result()).containsExactly("v1", "v2");
            assertThat(fromB.result()).isSameAs(requestB);
            assertThat(b.loadMany(List.of(2, 1)).result()).containsExactly("v2", "v1");
            assertThat(fn.calls).containsExactly(List.of(1, 2), List.of(1));
            assertThat(registry.get("brisk.batch.coalesced").counter().count()).isEqualTo(2.0);
            test.completeNow();
          })));
    });
  }

  @Test
  void coalescing_sends_only_keys_not_already_in_flight(Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.deferred(RecordingFn.naming("v"));
    DataLoaderOptions coalescing = options.withCoalesce(true);
    DataLoader<Integer, String> a =
        DataLoaderScope.create(base.duplicate()).loader("q", fn, coalescing);
    DataLoader<Integer, String> b =
        DataLoaderScope.create(base.duplicate()).loader("q", fn, coalescing);
    DataLoader<Integer, String> plain =
        DataLoaderScope.create(base.duplicate()).loader("q", fn, options);
    base.runOnContext(v -> Future.all(a.loadMany(List.of(1, 2)), b.loadMany(List.of(2, 3)),
            plain.loadMany(List.of(1)))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertThat(all.<List<String>>resultAt(1)).containsExactly("v2", "v3");
          assertThat(fn.calls).containsExactly(List.of(1, 2), List.of(3), List.of(1));
          test.completeNow();
        }))));
  }

  @Test
  void a_scope_returns_one_loader_per_name(Vertx vertx) {
    DataLoaderScope scope = DataLoaderScope.create(vertx.getOrCreateContext());
    DataLoader<Integer, String> first = scope.loader("n", RecordingFn.naming("a"), options);
    DataLoader<Integer, String> second = scope.loader("n", RecordingFn.naming("b"), options);
    assertThat(second).isSameAs(first);
    assertThat(scope.loader("m", RecordingFn.naming("a"), options)).isNotSameAs(first);
    assertThat(first.name()).isEqualTo("n");
  }

  @Test
  void current_scope_belongs_to_the_request_and_fails_outside_one(
      Vertx vertx, VertxTestContext test) {
    assertThatThrownBy(DataLoaderScope::current).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DataLoaderScope.create(context)");
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    new RequestScope("r1", 5_000_000_000L, System::nanoTime).bind(request);
    request.runOnContext(v -> test.verify(() -> {
      DataLoaderScope scope = DataLoaderScope.current();
      assertThat(DataLoaderScope.current()).isSameAs(scope);
      assertThat(scope.context()).isSameAs(request);
      test.completeNow();
    }));
  }

  @Test
  void a_write_of_any_sub_request_forgets_what_the_shared_scope_loaded(
      Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal batch = base.duplicate();
    ContextInternal sub = base.duplicate();
    RequestScope outer = new RequestScope("batch", 5_000_000_000L, System::nanoTime);
    outer.bind(batch);
    RequestScope inner = new RequestScope("sub", 5_000_000_000L, System::nanoTime, outer);
    inner.bind(sub);
    List<String> rows = new CopyOnWriteArrayList<>(List.of("before"));
    RecordingFn<Integer, String> fn = RecordingFn.immediate(
        RecordingFn.values(key -> rows.get(0)));
    batch.runOnContext(v -> DataLoaderScope.current().loader("row", fn, options).load(1)
        .compose(first -> {
          rows.set(0, "after");
          Promise<String> second = Promise.promise();
          // A sibling sub-request commits a write, then the batch loads the row again.
          sub.runOnContext(x -> {
            inner.wrote();
            batch.runOnContext(y -> DataLoaderScope.current().<Integer, String>loader("row", fn,
                options).load(1).onComplete(second));
          });
          return second.future().map(again -> List.of(first, again));
        })
        .onComplete(test.succeeding(both -> test.verify(() -> {
          assertThat(both).containsExactly("before", "after");
          assertThat(fn.calls).hasSize(2);
          test.completeNow();
        }))));
  }

  @Test
  void an_expired_request_sends_no_more_batches(Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal batch = base.duplicate();
    ContextInternal sub = base.duplicate();
    RequestScope outer = new RequestScope("batch", 5_000_000_000L, System::nanoTime);
    outer.bind(batch);
    new RequestScope("sub", 5_000_000_000L, System::nanoTime, outer).bind(sub);
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    sub.runOnContext(v -> {
      DataLoader<Integer, String> loader = DataLoaderScope.current().loader("n", fn, options);
      // Answered is not over: a stale cache entry's reload goes on after the answer.
      outer.end();
      Future<String> loaded = loader.load(1);
      loaded.onComplete(first -> {
        // The batch's deadline passes while a key waits for the end of the turn, and later.
        Future<String> pending = loader.load(2);
        outer.expire();
        Future<String> late = loader.load(3);
        Future.join(pending, late).onComplete(done -> test.verify(() -> {
          assertThat(loaded.result()).isEqualTo("v1");
          assertThat(fn.calls).containsExactly(List.of(1));
          assertThat(((Problem) pending.cause()).status()).isEqualTo(504);
          assertThat(((Problem) late.cause()).status()).isEqualTo(504);
          test.completeNow();
        }));
      });
    });
  }

  /** Runs {@code code} now, on this thread, as if it were a task of {@code context}. */
  private static <T> T on(ContextInternal context, Supplier<T> code) {
    ContextInternal previous = context.beginDispatch();
    try {
      return code.get();
    } finally {
      context.endDispatch(previous);
    }
  }

  @Test
  void rejects_bad_options() {
    assertThatThrownBy(() -> DataLoaderOptions.defaults().withMaxBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }
}
