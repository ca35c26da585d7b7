package dev.brisk.test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Tees the process's log output (stdout and stderr, where SLF4J's simple binding writes, and
 * java.util.logging) into one buffer while open, for tests that check what is logged.
 *
 * <p>{@code try (LogCapture logs = LogCapture.start()) { ...; assertThat(logs.text())
 * .doesNotContain("ERROR"); }}
 */
public final class LogCapture implements AutoCloseable {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final Handler jul = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (bytes) {
        bytes.writeBytes((r.getMessage() + " " + r.getThrown() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private LogCapture() {
  }

  /** Starts capturing; what is written still reaches the original streams. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    System.setOut(new PrintStream(capture.new Tee(capture.out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capture.new Tee(capture.err), true, StandardCharsets.UTF_8));
    Logger.getLogger("").addHandler(capture.jul);
    return capture;
  }

  /** Everything captured so far. */
  public String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Stops capturing; {@link #text} keeps what was captured. */
  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    Logger.getLogger("").removeHandler(jul);
  }

  private final class Tee extends OutputStream {
    private final PrintStream through;

    Tee(PrintStream through) {
      this.through = through;
    }

    @Override
    public void write(int b) {
      through.write(b);
      synchronized (bytes) {
        bytes.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      through.write(b, off, len);
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }
  }
}
