package dev.brisk.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Automatic dispatch: what ends up in one batch, and nested loaders that never hang. */
@ExtendWith(VertxExtension.class)
class DataLoaderDispatchTest {

  private final DataLoaderOptions options =
      DataLoaderOptions.defaults().withRegistry(new SimpleMeterRegistry());

  @Test
  void loads_from_completions_of_one_batch_go_out_together(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> orders = RecordingFn.deferred(RecordingFn.naming("o"));
    RecordingFn<Integer, String> users = RecordingFn.deferred(RecordingFn.naming("u"));
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      List<Future<String>> embeds = new ArrayList<>();
      for (int id = 1; id <= 3; id++) {
        int userId = id * 10;
        embeds.add(scope.loader("order", orders, options).load(id)
            .compose(order -> scope.<Integer, String>loader("user", users, options).load(userId)
                .map(user -> order + "+" + user)));
      }
      Future.all(embeds).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(all.<String>list()).containsExactly("o1+u10", "o2+u20", "o3+u30");
        assertThat(orders.calls).containsExactly(List.of(1, 2, 3));
        assertThat(users.calls).containsExactly(List.of(10, 20, 30));
        test.completeNow();
      })));
    });
  }

  @Test
  void completions_on_several_request_contexts_still_batch_together(
      Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal owner = base.duplicate();
    // The owner loads too: its follow-up load runs first in the batch's completion task.
    List<ContextInternal> requests = List.of(owner, base.duplicate(), base.duplicate());
    RecordingFn<Integer, String> products = RecordingFn.deferred(RecordingFn.naming("p"));
    RecordingFn<Integer, String> categories = RecordingFn.deferred(RecordingFn.naming("c"));
    DataLoaderScope scope = DataLoaderScope.create(owner);
    List<Future<Context>> seen = new ArrayList<>();
    owner.runOnContext(v -> {
      for (int i = 0; i < requests.size(); i++) {
        int id = i + 1;
        requests.get(i).dispatch(() -> seen.add(scope.loader("product", products, options)
            .load(id)
            .compose(p -> scope.<Integer, String>loader("category", categories, options)
                .load(id * 100))
            .map(c -> Vertx.currentContext())));
      }
      Future.all(seen).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(products.calls).containsExactly(List.of(1, 2, 3));
        assertThat(categories.calls).containsExactly(List.of(100, 200, 300));
        assertThat(all.<Context>list()).containsExactlyElementsOf(requests);
        test.completeNow();
      })));
    });
  }

  @Test
  void loaders_calling_loaders_three_levels_deep_resolve(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    RecordingFn<Integer, String> tiers = RecordingFn.deferred(RecordingFn.naming("t"));
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      RecordingFn<Integer, String> users = RecordingFn.deferred(keys ->
          scope.<Integer, String>loader("tier", tiers, options).loadMany(keys)
              .map(found -> BatchResult.aligned(keys, prefixed("u", keys, found))));
      RecordingFn<Integer, String> orders = RecordingFn.deferred(keys ->
          scope.<Integer, String>loader("user", users, options)
              .loadMany(keys.stream().map(k -> k * 10).toList())
              .map(found -> BatchResult.aligned(keys, prefixed("o", keys, found))));
      DataLoader<Integer, String> loader = scope.loader("order", orders, options);
      Future.all(loader.load(1), loader.load(2), loader.load(3))
          .onComplete(test.succeeding(all -> test.verify(() -> {
            assertThat(all.<String>list())
                .containsExactly("o1/u10/t10", "o2/u20/t20", "o3/u30/t30");
            assertThat(orders.calls).containsExactly(List.of(1, 2, 3));
            assertThat(users.calls).containsExactly(List.of(10, 20, 30));
            assertThat(tiers.calls).containsExactly(List.of(10, 20, 30));
            test.completeNow();
          })));
    });
  }

  @Test
  void a_loader_loading_from_itself_in_its_batch_function_resolves(
      Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    Map<Integer, Integer> parent = Map.of(6, 4, 5, 3, 4, 2, 3, 1);
    List<List<Integer>> calls = new ArrayList<>();
    context.runOnContext(v -> {
      DataLoaderScope scope = DataLoaderScope.create(context);
      AtomicReference<BatchFn<Integer, String>> path = new AtomicReference<>();
      path.set(keys -> {
        calls.add(List.copyOf(keys));
        List<Integer> parents = keys.stream().map(k -> parent.getOrDefault(k, 0)).toList();
        List<Future<String>> paths = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          int key = keys.get(i);
          paths.add(parents.get(i) == 0 ? Future.succeededFuture("/" + key)
              : scope.<Integer, String>loader("path", path.get(), options).load(parents.get(i))
                  .map(up -> up + "/" + key));
        }
        return Future.all(paths).map(all -> BatchResult.aligned(keys, all.<String>list()));
      });
      scope.<Integer, String>loader("path", path.get(), options).loadMany(List.of(6, 5))
          .onComplete(test.succeeding(paths -> test.verify(() -> {
            assertThat(paths).containsExactly("/2/4/6", "/1/3/5");
            assertThat(calls).containsExactly(List.of(6, 5), List.of(4, 3), List.of(2, 1));
            test.completeNow();
          })));
    });
  }

  @Test
  void a_throwing_callback_does_not_stop_its_siblings(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    context.exceptionHandler(failure -> { });
    RecordingFn<Integer, String> fn = RecordingFn.deferred(RecordingFn.naming("v"));
    context.runOnContext(v -> {
      DataLoader<Integer, String> loader = DataLoaderScope.create(context).loader("n", fn, options);
      loader.load(1).onSuccess(value -> {
        throw new IllegalStateException("handler bug");
      });
      loader.load(2).onComplete(test.succeeding(value -> test.verify(() -> {
        assertThat(value).isEqualTo("v2");
        test.completeNow();
      })));
    });
  }

  private static List<String> prefixed(String prefix, List<Integer> keys, List<String> found) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      values.add(prefix + keys.get(i) + "/" + found.get(i));
    }
    return values;
  }
}
