package dev.brisk.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DataLoaderTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DataLoaderOptions options = DataLoaderOptions.defaults().withRegistry(registry);

  @Test
  void loads_issued_in_one_task_go_out_as_one_batch(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader = DataLoaderScope.create(context).loader("n", fn, options);
      Future<String> one = loader.load(1);
      Future<String> two = loader.load(2);
      Future<List<String>> many = loader.loadMany(List.of(3, 4, 1));
      assertThat(fn.calls).isEmpty();
      Future.all(one, two, many).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(fn.calls).containsExactly(List.of(1, 2, 3, 4));
        assertThat(one.result()).isEqualTo("v1");
        assertThat(two.result()).isEqualTo("v2");
        assertThat(many.result()).containsExactly("v3", "v4", "v1");
        test.completeNow();
      })));
    });
  }

  @Test
  void splits_pending_keys_at_max_batch_size(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader =
          DataLoaderScope.create(context).loader("n", fn, options.withMaxBatchSize(3));
      List<Future<String>> loads = new ArrayList<>();
      for (int key = 1; key <= 7; key++) {
        loads.add(loader.load(key));
      }
      // A full batch leaves at once, without waiting for the end of the turn.
      assertThat(fn.calls).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6));
      Future.all(loads).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(fn.calls).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
        assertThat(all.<String>list()).containsExactly("v1", "v2", "v3", "v4", "v5", "v6", "v7");
        test.completeNow();
      })));
    });
  }

  @Test
  void fails_only_the_key_the_batch_function_failed(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    Problem gone = Problem.notFound("Product 2 is hidden");
    BatchFn<Integer, String> fn = keys -> Future.succeededFuture(
        BatchResult.of(Map.of(1, "v1", 2, "v2", 3, "v3"), Map.of(2, gone)));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader = DataLoaderScope.create(context).loader("n", fn, options);
      Future<String> one = loader.load(1);
      Future<String> two = loader.load(2);
      Future<String> three = loader.load(3);
      Future.join(one, two, three).onComplete(done -> test.verify(() -> {
        assertThat(one.result()).isEqualTo("v1");
        assertThat(two.cause()).isSameAs(gone);
        assertThat(three.result()).isEqualTo("v3");
        test.completeNow();
      }));
    });
  }

  @Test
  void a_failed_batch_fails_the_keys_of_that_batch_only(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RuntimeException down = new IllegalStateException("shard 1 down");
    BatchFn<Integer, String> fn = keys -> keys.contains(1)
        ? Future.failedFuture(down) : RecordingFn.<Integer>naming("v").load(keys);
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader =
          DataLoaderScope.create(context).loader("n", fn, options.withMaxBatchSize(2));
      List<Future<String>> loads = List.of(loader.load(1), loader.load(2), loader.load(3));
      Future.join(loads).onComplete(done -> test.verify(() -> {
        assertThat(loads.get(0).cause()).isSameAs(down);
        assertThat(loads.get(1).cause()).isSameAs(down);
        assertThat(loads.get(2).result()).isEqualTo("v3");
        test.completeNow();
      }));
    });
  }

  @Test
  void a_throwing_or_null_returning_batch_function_fails_its_keys(
      Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    BatchFn<Integer, String> throwing = keys -> {
      throw new IllegalArgumentException("bad keys " + keys);
    };
    BatchFn<Integer, String> nulling = keys -> null;
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      Future<String> thrown = scope.loader("t", throwing, options).load(1);
      Future<String> nulled = scope.loader("z", nulling, options).load(1);
      Future.join(thrown, nulled).onComplete(done -> test.verify(() -> {
        assertThat(thrown.cause()).hasMessage("bad keys [1]");
        assertThat(nulled.cause()).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("loader 'z'");
        test.completeNow();
      }));
    });
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
  void a_key_its_result_cannot_look_up_fails_alone_and_the_others_settle(
      Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    // A sorted map throws ClassCastException when asked for an Integer among Long keys.
    BatchFn<Object, String> sorted = keys -> Future.succeededFuture(
        BatchResult.of(new TreeMap<>(Map.of(1L, "one", 2L, "two"))));
    context.runOnContext(v -> {
      DataLoader<Object, String> loader =
          DataLoaderScope.create(context).loader("s", sorted, options);
      Future<String> odd = loader.load(1);
      Future<String> one = loader.load(1L);
      Future<String> two = loader.load(2L);
      Future.join(odd, one, two).onComplete(done -> test.verify(() -> {
        assertThat(odd.cause()).isInstanceOf(ClassCastException.class);
        assertThat(one.result()).isEqualTo("one");
        assertThat(two.result()).isEqualTo("two");
        test.completeNow();
      }));
    });
  }

  @Test
  void resolves_a_key_the_batch_function_did_not_find_to_null(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    BatchFn<Integer, String> fn = RecordingFn.values(key -> key == 404 ? null : "v" + key);
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader = DataLoaderScope.create(context).loader("n", fn, options);
      loader.loadMany(List.of(1, 404, 2)).onComplete(test.succeeding(values -> test.verify(() -> {
        assertThat(values).containsExactly("v1", null, "v2");
        test.completeNow();
      })));
    });
  }

  @Test
  void aligned_results_map_by_position_and_reject_a_wrong_size(
      Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    BatchFn<Integer, String> fn = BatchFn.aligned(keys -> Future.succeededFuture(
        keys.contains(9) ? List.of("only one") : keys.stream().map(k -> "a" + k).toList()));
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      Future<List<String>> good = scope.loader("a", fn, options).loadMany(List.of(2, 1));
      Future<List<String>> bad = scope.loader("b", fn, options).loadMany(List.of(8, 9));
      Future.join(good, bad).onComplete(done -> test.verify(() -> {
        assertThat(good.result()).containsExactly("a2", "a1");
        assertThat(bad.cause()).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 values for 2 keys");
        test.completeNow();
      }));
    });
  }

  @Test
  void a_key_loaded_twice_in_one_scope_is_fetched_once(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.deferred(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      DataLoader<Integer, String> loader = scope.loader("n", fn, options);
      Future<String> first = loader.load(1);
      Future<String> again = loader.load(1);
      first.compose(value -> loader.loadMany(List.of(1, 2)))
          .compose(values -> DataLoaderScope.create(context).loader("n", fn, options).load(1))
          .onComplete(test.succeeding(other -> test.verify(() -> {
            assertThat(again.result()).isEqualTo("v1");
            assertThat(fn.calls).containsExactly(List.of(1), List.of(2), List.of(1));
            assertThat(registry.get("brisk.batch.cache.hits").tag("loader", "n").counter().count())
                .isEqualTo(2.0);
            assertThat(registry.get("brisk.batch.loads").counter().count()).isEqualTo(5.0);
            test.completeNow();
          })));
    });
  }

  @Test
  void a_failed_key_is_fetched_again_on_the_next_load(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    int[] calls = new int[1];
    BatchFn<Integer, String> flaky = keys -> ++calls[0] == 1
        ? Future.failedFuture(new IllegalStateException("timeout"))
        : RecordingFn.<Integer>naming("v").load(keys);
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader =
          DataLoaderScope.create(context).loader("n", flaky, options);
      loader.load(1).recover(failure -> loader.load(1))
          .onComplete(test.succeeding(value -> test.verify(() -> {
            assertThat(value).isEqualTo("v1");
            assertThat(calls[0]).isEqualTo(2);
            test.completeNow();
          })));
    });
  }

  @Test
  void without_cache_a_key_is_sent_once_per_batch_and_refetched_later(
      Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader =
          DataLoaderScope.create(context).loader("n", fn, options.withCache(false));
      Future.all(loader.load(1), loader.load(1))
          .compose(both -> loader.load(1))
          .onComplete(test.succeeding(value -> test.verify(() -> {
            assertThat(fn.calls).containsExactly(List.of(1), List.of(1));
            test.completeNow();
          })));
    });
  }

  @Test
  void clear_makes_the_next_load_fetch_again(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader = DataLoaderScope.create(context).loader("n", fn, options);
      loader.load(1).compose(value -> {
        loader.clear(1);
        return loader.load(1);
      }).onComplete(test.succeeding(value -> test.verify(() -> {
        assertThat(fn.calls).containsExactly(List.of(1), List.of(1));
        test.completeNow();
      })));
    });
  }

  @Test
  void a_key_cleared_while_it_waits_for_its_batch_is_loaded_once_for_both_callers(Vertx vertx,
      VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DefaultDataLoaderScope scope = (DefaultDataLoaderScope) DataLoaderScope.create(context);
      DataLoader<Integer, String> loader = scope.loader("n", fn, options);
      Future<String> first = loader.load(1);
      loader.clear(1);
      Future<String> second = loader.load(1);
      // A write in a batch forgets every loader's results the same way.
      scope.forgetAll();
      Future<String> third = loader.load(1);
      Future.all(first, second, third).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(fn.calls).containsExactly(List.of(1));
        assertThat(List.of(first.result(), second.result(), third.result()))
            .containsOnly("v1");
        test.completeNow();
      })));
    });
  }

  @Test
  void records_batch_size_loads_and_cache_hits(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> fn = RecordingFn.immediate(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader =
          DataLoaderScope.create(context).loader("metered", fn, options.withMaxBatchSize(4));
      Future<List<String>> loads = loader.loadMany(List.of(1, 2, 3, 4, 5, 6, 1));
      loads.onComplete(test.succeeding(x -> test.verify(() -> {
        var size = registry.get("brisk.batch.size").tag("loader", "metered").summary();
        assertThat(size.count()).isEqualTo(2);
        assertThat(size.totalAmount()).isEqualTo(6.0);
        assertThat(size.max()).isEqualTo(4.0);
        assertThat(registry.get("brisk.batch.loads").tag("loader", "metered").counter().count())
            .isEqualTo(7.0);
        assertThat(registry.get("brisk.batch.cache.hits").tag("loader", "metered").counter()
            .count()).isEqualTo(1.0);
        test.completeNow();
      })));
    });
  }
}
