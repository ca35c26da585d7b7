package dev.brisk.jmh;

import dev.brisk.batch.BatchFn;
import dev.brisk.batch.BatchResult;
import dev.brisk.batch.DataLoader;
import dev.brisk.batch.DataLoaderOptions;
import dev.brisk.batch.DataLoaderScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dispatch overhead of {@link DataLoader} per loaded key.
 *
 * <p>Workload: one invocation hands a task to a Vert.x event-loop context and runs
 * {@value #ROUNDS} rounds there. Each round loads 1, 16 or 256 distinct keys during one task,
 * which the loader sends as one batch at the end of the turn; the batch function answers at once
 * with a prebuilt result, so what is measured is the loader itself: queueing keys, the
 * end-of-turn dispatch task, settling per-key promises, meters (a {@code SimpleMeterRegistry})
 * and one listener per key. The next round's loads are issued from the completions of the
 * previous round, as nested embeds are. The per-scope cache is off so keys repeat every round
 * without turning into cache hits; one handoff to the event loop per {@value #ROUNDS} rounds is
 * included and amortised.
 *
 * <p>Metric: average time per key, ns/op ({@code @OperationsPerInvocation} = rounds x keys).
 *
 * <p>Run: {@code ./mvnw -q -DskipTests package && java -jar jmh/target/benchmarks.jar
 * DataLoaderBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DataLoaderBenchmark {

  static final int ROUNDS = 1_000;
  private static final int MAX_KEYS = 256;

  private final Integer[] keys = new Integer[MAX_KEYS];
  private Vertx vertx;
  private Context context;
  private DataLoaderOptions options;
  private BatchFn<Integer, Integer> fn;

  /** Starts Vert.x and prebuilds keys and the batch function's answer. */
  @Setup(Level.Trial)
  public void start() {
    Map<Integer, Integer> values = new HashMap<>();
    for (int i = 0; i < MAX_KEYS; i++) {
      keys[i] = 1_000 + i;
      values.put(keys[i], i);
    }
    Future<BatchResult<Integer, Integer>> answer =
        Future.succeededFuture(BatchResult.of(values));
    fn = batch -> answer;
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    // Above 256 so that even the biggest round leaves through the end-of-turn dispatch.
    options = DataLoaderOptions.defaults().withCache(false).withMaxBatchSize(MAX_KEYS + 1)
        .withRegistry(new SimpleMeterRegistry());
  }

  /** Closes Vert.x. */
  @TearDown(Level.Trial)
  public void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** One key per turn: the fixed cost of a dispatch. */
  @Benchmark
  @OperationsPerInvocation(ROUNDS)
  public long keys1() {
    return run(1);
  }

  /** Sixteen keys per turn, a typical page of embeds. */
  @Benchmark
  @OperationsPerInvocation(ROUNDS * 16)
  public long keys16() {
    return run(16);
  }

  /** 256 keys per turn, the size of a full default batch. */
  @Benchmark
  @OperationsPerInvocation(ROUNDS * 256)
  public long keys256() {
    return run(256);
  }

  private long run(int keysPerTurn) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      DataLoader<Integer, Integer> loader =
          DataLoaderScope.create(context).loader("bench", fn, options);
      new Rounds(loader, keysPerTurn, done).next();
    });
    return done.join();
  }

  /** Issues one round of loads and starts the next when every key of this one completed. */
  private final class Rounds {
    private final DataLoader<Integer, Integer> loader;
    private final int keysPerTurn;
    private final CompletableFuture<Long> done;
    private int round;
    private int outstanding;
    private long sum;

    Rounds(DataLoader<Integer, Integer> loader, int keysPerTurn, CompletableFuture<Long> done) {
      this.loader = loader;
      this.keysPerTurn = keysPerTurn;
      this.done = done;
    }

    void next() {
      if (round++ == ROUNDS) {
        done.complete(sum);
        return;
      }
      outstanding = keysPerTurn;
      for (int i = 0; i < keysPerTurn; i++) {
        loader.load(keys[i]).onComplete(ar -> {
          sum += ar.result();
          if (--outstanding == 0) {
            next();
          }
        });
      }
    }
  }
}
