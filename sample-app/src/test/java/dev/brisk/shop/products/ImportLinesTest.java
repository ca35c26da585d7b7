package dev.brisk.shop.products;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ImportLines}: the same lines whatever the chunks, pauses and line lengths. */
class ImportLinesTest {

  private static final int MAX = 16;

  @Test
  void splits_lines_and_marks_over_long_ones() {
    assertThat(split("a\n\nbb\r\n" + "x".repeat(MAX + 1) + "\nc", new int[] {100}, false))
        .containsExactly("1:a", "2:", "3:bb\r", "4:<too long>", "5:c");
  }

  @Test
  void a_line_of_exactly_the_limit_is_kept_and_a_trailing_newline_ends_no_line() {
    String line = "x".repeat(MAX);
    assertThat(split(line + "\n" + line + "y\n", new int[] {100}, false))
        .containsExactly("1:" + line, "2:<too long>");
  }

  @Test
  void over_long_last_line_without_a_newline_is_reported() {
    assertThat(split("a\n" + "z".repeat(3 * MAX), new int[] {5}, false))
        .containsExactly("1:a", "2:<too long>");
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

      assertThat(split(body.toString(), chunks, true)).as("seed %d, run %d", seed, run)
          .isEqualTo(split(body.toString(), new int[] {body.length() + 1}, false));
    }
  }

  /**
   * Feeds {@code body} in chunks cycling through {@code sizes}; with {@code pausing}, every other
   * line pauses the splitter, which resumes before the next chunk (as a written batch does).
   */
  private static List<String> split(String body, int[] sizes, boolean pausing) {
    List<String> out = new ArrayList<>();
    Body stream = new Body();
    ImportLines[] lines = new ImportLines[1];
    lines[0] = new ImportLines(stream, MAX, line -> {
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
      if (stream.paused) {
        lines[0].resume();
      }
      int n = Math.min(bytes.length - at, sizes[i % sizes.length]);
      stream.handler.handle(Buffer.buffer().appendBytes(bytes, at, n));
      at += n;
    }
    stream.endHandler.handle(null);
    while (stream.paused) {
      lines[0].resume();
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
