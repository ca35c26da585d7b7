package dev.brisk.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ImportLines}: the same lines whatever the chunks, pauses and line lengths. */
class ImportLinesTest {

  private static final int MAX = 16;

  @Test
  void splits_lines_and_marks_over_long_ones() {
    assertThat(split("a\n\nbb\r\n" + "x".repeat(MAX + 1) + "\nc", new int[] {100}, false, 1000))
        .containsExactly("1:a", "2:", "3:bb\r", "4:<too long>", "5:c");
  }

  @Test
  void a_line_of_exactly_the_limit_is_kept_and_a_trailing_newline_ends_no_line() {
    String line = "x".repeat(MAX);
    assertThat(split(line + "\n" + line + "y\n", new int[] {100}, false, 1000))
        .containsExactly("1:" + line, "2:<too long>");
  }

  @Test
  void over_long_last_line_without_a_newline_is_reported() {
    assertThat(split("a\n" + "z".repeat(3 * MAX), new int[] {5}, false, 1000))
        .containsExactly("1:a", "2:<too long>");
  }

  @Test
  void hands_on_at_most_lines_per_turn_and_the_rest_in_later_turns() {
    // A chunk of a million short lines must not be validated in one event-loop task.
    List<String> out = new ArrayList<>();
    ArrayDeque<Runnable> turns = new ArrayDeque<>();
    Body stream = new Body();
    new ImportLines(stream, MAX, 3, turns::add, line -> out.add(line.bytes().toString()),
        v -> out.add("end")).start();
    stream.handler.handle(Buffer.buffer("a\nb\nc\nd\ne\nf\ng\n"));
    assertThat(out).containsExactly("a", "b", "c");
    assertThat(stream.paused).isTrue();
    stream.endHandler.handle(null);
    turns.remove().run();
    assertThat(out).containsExactly("a", "b", "c", "d", "e", "f");
    turns.remove().run();
    assertThat(out).containsExactly("a", "b", "c", "d", "e", "f", "g", "end");
    assertThat(turns).isEmpty();
    assertThat(stream.paused).isFalse();
  }

  @Test
  void random_chunks_and_pauses_give_the_same_lines() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int run = 0; run < 200; run++) {
      StringBuilder body = new StringBuilder();
      int lines = random.nextInt(20);
      for (int i = 0; i < lines; i++) {
        body.append("x".repeat(random.nextInt(2 * MAX + 2))).append('\n');
      }
      if (random.nextBoolean()) {
        body.append("y".repeat(random.nextInt(2 * MAX + 2)));
      }
      int[] chunks = new int[1 + random.nextInt(8)];
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = 1 + random.nextInt(3 * MAX);
      }

      assertThat(split(body.toString(), chunks, true, 1 + random.nextInt(4)))
          .as("seed %d, run %d", seed, run)
          .isEqualTo(split(body.toString(), new int[] {body.length() + 1}, false, 1000));
    }
  }

  /**
   * Feeds {@code body} in chunks cycling through {@code sizes}; with {@code pausing}, every other
   * line pauses the splitter, which resumes before the next chunk (as a written batch does);
   * the splitter's next turns run before each chunk too.
   */
  private static List<String> split(String body, int[] sizes, boolean pausing,
      int linesPerTurn) {
    List<String> out = new ArrayList<>();
    Body stream = new Body();
    ArrayDeque<Runnable> turns = new ArrayDeque<>();
    ImportLines[] lines = new ImportLines[1];
    lines[0] = new ImportLines(stream, MAX, linesPerTurn, turns::add, line -> {
      out.add(line.number() + ":" + (line.isTooLong() ? "<too long>"
          : line.bytes().toString(StandardCharsets.UTF_8)));
      if (pausing && line.number() % 2 == 0) {
        lines[0].pause();
      }
    }, v -> out.add("end"));
    lines[0].start();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      while (!turns.isEmpty()) {
        turns.remove().run();
      }
      if (stream.paused) {
        lines[0].resume();
      }
      int n = Math.min(bytes.length - at, sizes[i % sizes.length]);
      stream.handler.handle(Buffer.buffer().appendBytes(bytes, at, n));
      at += n;
    }
    stream.endHandler.handle(null);
    while (stream.paused) {
      if (turns.isEmpty()) {
        lines[0].resume();
      } else {
        turns.remove().run();
      }
    }
    assertThat(out).endsWith("end").filteredOn("end"::equals).hasSize(1);
    return out.subList(0, out.size() - 1);
  }

  /**
   * A body the test pushes chunks into. Like an inflating body, it may push while paused.
   */
  private static final class Body implements ReadStream<Buffer> {

    Handler<Buffer> handler;
    Handler<Void> endHandler;
    boolean paused;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }
  }
}
