package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger added = new AtomicInteger();
  private final Deadlines deadlines = new Deadlines(now::get, added::incrementAndGet);
  private final List<String> expired = new ArrayList<>();

  @Test
  void expires_due_entries_in_order_and_keeps_the_rest() {
    deadlines.add(100, () -> expired.add("a"));
    now.addAndGet(10);
    deadlines.add(100, () -> expired.add("b"));
    now.addAndGet(10);
    deadlines.add(100, () -> expired.add("c"));
    now.set(1_000 + 110);
    assertThat(deadlines.sweep()).as("c is still pending").isTrue();
    assertThat(expired).containsExactly("a", "b");
    now.addAndGet(100);
    assertThat(deadlines.sweep()).as("nothing left to sweep").isFalse();
    assertThat(expired).containsExactly("a", "b", "c");
    assertThat(added).as("each add arms the sweep").hasValue(3);
  }

  @Test
  void cancelled_entries_never_expire_wherever_they_sit() {
    Deadlines.Entry first = deadlines.add(100, () -> expired.add("first"));
    Deadlines.Entry middle = deadlines.add(100, () -> expired.add("middle"));
    deadlines.add(100, () -> expired.add("last"));
    middle.cancel();
    first.cancel();
    first.cancel();
    assertThat(deadlines.sweep()).isTrue();
    now.addAndGet(1_000);
    deadlines.sweep();
    assertThat(expired).containsExactly("last");
    assertThat(deadlines.sweep()).isFalse();
    assertThat(expired).containsExactly("last");
  }

  @Test
  void nothing_expires_early() {
    deadlines.add(5_000, () -> expired.add("x"));
    now.addAndGet(4_999);
    deadlines.sweep();
    assertThat(expired).isEmpty();
  }

  @Test
  void cancelling_every_entry_leaves_nothing_to_sweep() {
    Deadlines.Entry only = deadlines.add(100, () -> expired.add("only"));
    only.cancel();
    assertThat(deadlines.sweep()).isFalse();
    assertThat(expired).isEmpty();
  }
}
