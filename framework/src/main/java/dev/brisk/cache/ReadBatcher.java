package dev.brisk.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers the L2 reads made on one event-loop thread during one turn into a single call, and
 * completes each on the context it was made from, in order, so that work the callers start next
 * falls into one turn again (and DataLoaders batch it). Reads made off a Vert.x thread go alone.
 */
final class ReadBatcher {

  private record Pending(String key, Context context, Promise<RedisTier.Read> promise) {
  }

  private final Function<List<String>, Future<List<RedisTier.Read>>> readAll;
  private final ThreadLocal<List<Pending>> turn = new ThreadLocal<>();

  ReadBatcher(Function<List<String>, Future<List<RedisTier.Read>>> readAll) {
    this.readAll = readAll;
  }

  Future<RedisTier.Read> read(String key) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return readAll.apply(List.of(key)).map(reads -> reads.get(0));
    }
    List<Pending> pending = turn.get();
    if (pending == null) {
      pending = new ArrayList<>();
      turn.set(pending);
      context.runOnContext(v -> flush());
    }
    Promise<RedisTier.Read> promise = Promise.promise();
    pending.add(new Pending(key, context, promise));
    return promise.future();
  }

  private void flush() {
    List<Pending> pending = turn.get();
    turn.remove();
    readAll.apply(pending.stream().map(Pending::key).toList()).onComplete(ar -> {
      for (int i = 0; i < pending.size(); i++) {
        Pending p = pending.get(i);
        int at = i;
        p.context().runOnContext(v -> {
          if (ar.succeeded()) {
            p.promise().complete(ar.result().get(at));
          } else {
            p.promise().fail(ar.cause());
          }
        });
      }
    });
  }
}
