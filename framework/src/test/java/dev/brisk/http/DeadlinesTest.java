package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Deadlines deadlines = new Deadlines(now::get);
  private final List<String> expired = new ArrayList<>();

  @Test
  void expires_due_entries_in_order_and_keeps_the_rest() {
    deadlines.add(100, () -> expired.add("a"));
    now.addAndGet(10);
    deadlines.add(100, () -> expired.add("b"));
    now.addAndGet(10);
    deadlines.add(100, () -> expired.add("c"));
    now.set(1_000 + 110);
    deadlines.sweep();
    assertThat(expired).containsExactly("a", "b");
    now.addAndGet(100);
    deadlines.sweep();
    assertThat(expired).containsExactly("a", "b", "c");
  }

  @Test
  void cancelled_entries_never_expire_wherever_they_sit() {
    Deadlines.Entry first = deadlines.add(100, () -> expired.add("first"));
    Deadlines.Entry middle = deadlines.add(100, () -> expired.add("middle"));
    deadlines.add(100, () -> expired.add("last"));
    middle.cancel();
    first.cancel();
    first.cancel();
    now.addAndGet(1_000);
    deadlines.sweep();
    assertThat(expired).containsExactly("last");
    deadlines.sweep();
    assertThat(expired).containsExactly("last");
  }

  @Test
  void nothing_expires_early() {
    deadlines.add(5_000, () -> expired.add("x"));
    now.addAndGet(4_999);
    deadlines.sweep();
    assertThat(expired).isEmpty();
  }
}
