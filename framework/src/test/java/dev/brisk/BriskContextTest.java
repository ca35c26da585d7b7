package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code BriskContext.shared}: one object per key and app, whichever verticle asks first. */
class BriskContextTest {

  private static BriskContext context() {
    return new BriskContext(null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  @Test
  void makes_one_object_per_key_however_many_threads_ask_at_once() throws Exception {
    BriskContext context = context();
    AtomicInteger made = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Object> got = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Object pager = context.shared("pager", () -> {
          made.incrementAndGet();
          return new Object();
        });
        synchronized (got) {
          got.add(pager);
        }
      });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }

    assertThat(made).hasValue(1);
    assertThat(got).hasSize(8).allSatisfy(o -> assertThat(o).isSameAs(got.get(0)));
    assertThat(context.<Object>shared("other", Object::new)).isNotSameAs(got.get(0));
    assertThat(context().<Object>shared("pager", Object::new)).isNotSameAs(got.get(0));
  }

  @Test
  void a_supplier_may_share_another_key_and_must_make_something() {
    BriskContext context = context();

    String client = context.shared("client", () -> "client of "
        + context.shared("versions", () -> "versions"));

    assertThat(client).isEqualTo("client of versions");
    assertThat(context.<String>shared("versions", () -> "again")).isEqualTo("versions");
    assertThatThrownBy(() -> context.shared("nothing", () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shared 'nothing': create returned null");
  }
}
