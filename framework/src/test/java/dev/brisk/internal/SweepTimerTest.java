package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep runs while it has work, stops by itself when it has none, and re-arms on demand. */
class SweepTimerTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final AtomicInteger sweeps = new AtomicInteger();
  private final CompletableFuture<Void> thirdSweep = new CompletableFuture<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void repeats_while_work_is_left_then_disarms_until_armed_again() throws Exception {
    SweepTimer timer = onContext(() -> new SweepTimer(vertx, 2, () -> {
      int n = sweeps.incrementAndGet();
      if (n == 3) {
        thirdSweep.complete(null);
      }
      return n < 3;
    }));
    onContext(() -> {
      timer.arm();
      timer.arm();
      return null;
    });
    thirdSweep.get(10, TimeUnit.SECONDS);
    // Whatever else runs on the event loop now, the third sweep said nothing is left.
    assertThat(onContext(timer::isArmed)).isFalse();
    assertThat(sweeps).hasValue(3);

    CompletableFuture<Void> fourth = new CompletableFuture<>();
    SweepTimer again = onContext(() -> new SweepTimer(vertx, 2, () -> {
      fourth.complete(null);
      return false;
    }));
    onContext(() -> {
      again.arm();
      return null;
    });
    fourth.get(10, TimeUnit.SECONDS);
    assertThat(onContext(again::isArmed)).isFalse();
  }

  @Test
  void a_closed_timer_never_sweeps_and_cannot_be_armed() throws Exception {
    SweepTimer timer = onContext(() -> new SweepTimer(vertx, 1, () -> {
      sweeps.incrementAndGet();
      return true;
    }));
    onContext(() -> {
      timer.arm();
      timer.close();
      timer.arm();
      return null;
    });
    // A sweep that could still run would be due within 1 ms; give it fifty times that.
    CompletableFuture<Void> later = new CompletableFuture<>();
    context.runOnContext(v -> vertx.setTimer(50, t -> later.complete(null)));
    later.get(10, TimeUnit.SECONDS);
    assertThat(sweeps).hasValue(0);
    assertThat(onContext(timer::isArmed)).isFalse();
  }

  private <T> T onContext(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> result.complete(action.get()));
    return result.get(10, TimeUnit.SECONDS);
  }
}
