package dev.brisk.shop.data;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long load: a redrawn bar when stdout is a terminal, otherwise a plain line every
 * few seconds and one when done, so logs stay readable.
 *
 * <p>{@code Progress p = Progress.console("products", 1_000_000); ... p.advance(1); ... p.done();}
 *
 * <p>Used from one thread at a time (the loading worker).
 */
public final class Progress {

  private static final long LINE_INTERVAL_NANOS = 3_000_000_000L;

  private final String label;
  private final long total;
  private final boolean terminal;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long count;
  private int lastShown = -1;
  private long lastLineNanos = startNanos;
  private boolean finished;

  private Progress(String label, long total, boolean terminal, PrintStream out) {
    this.label = label;
    this.total = Math.max(1, total);
    this.terminal = terminal;
    this.out = out;
  }

  /** Progress printed to stdout, as a bar when a console is attached. */
  public static Progress console(String label, long total) {
    return new Progress(label, total, System.console() != null, System.out);
  }

  /** Progress that prints nothing. */
  public static Progress silent() {
    return new Progress("", 1, false, null);
  }

  /** Counts {@code n} more items done. */
  public void advance(long n) {
    count += n;
    if (out == null) {
      return;
    }
    if (terminal) {
      int pct = (int) (count * 100 / total);
      if (pct != lastShown) {
        lastShown = pct;
        show();
      }
    } else if (System.nanoTime() - lastLineNanos > LINE_INTERVAL_NANOS) {
      lastLineNanos = System.nanoTime();
      show();
    }
  }

  /** Prints the final state once. */
  public void done() {
    if (out == null || finished) {
      return;
    }
    finished = true;
    if (terminal) {
      out.println();
    } else {
      show();
    }
  }

  private void show() {
    int pct = (int) Math.min(100, count * 100 / total);
    double secs = (System.nanoTime() - startNanos) / 1e9;
    if (terminal) {
      int filled = pct * 30 / 100;
      out.printf(Locale.ROOT, "\r%-12s [%s%s] %3d%% %,d/%,d %.1fs", label, "#".repeat(filled),
          " ".repeat(30 - filled), pct, count, total, secs);
      out.flush();
    } else {
      out.printf(Locale.ROOT, "Loading %s: %d%% (%,d of %,d rows, %.1fs)%n", label, pct, count,
          total, secs);
    }
  }
}
