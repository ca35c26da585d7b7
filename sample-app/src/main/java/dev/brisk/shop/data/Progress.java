package dev.brisk.shop.data;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long load: a redrawn bar when stdout is a terminal, otherwise a plain line every
 * few seconds and one when done, so logs stay readable. When every item has been handed over but
 * the consumer still works on them (PostgreSQL checking foreign keys at the end of a COPY), it
 * says so instead of sitting silently at the last percentage.
 *
 * <p>{@code Progress p = Progress.console("products", 1_000_000, "checking foreign keys");
 * p.advance(1); ... p.sent(); ... p.done();}
 *
 * <p>Used from one thread at a time (the loading worker).
 */
public final class Progress {

  private static final long LINE_INTERVAL_NANOS = 3_000_000_000L;

  private final String label;
  private final long total;
  private final String finishing;
  private final boolean terminal;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long count;
  private int lastShown = -1;
  private long lastLineNanos = startNanos;
  private boolean sent;
  private boolean finished;

  private Progress(String label, long total, String finishing, boolean terminal,
      PrintStream out) {
    this.label = label;
    this.total = Math.max(1, total);
    this.finishing = finishing;
    this.terminal = terminal;
    this.out = out;
  }

  /**
   * Progress of {@code total} items printed to stdout, as a bar when a console is attached;
   * {@code finishing} names what the consumer still does once all items are sent (printed then),
   * or is null when it has nothing left to do.
   */
  public static Progress console(String label, long total, String finishing) {
    return new Progress(label, total, finishing, System.console() != null, System.out);
  }

  /** Progress that prints nothing. */
  public static Progress silent() {
    return new Progress("", 1, null, false, null);
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

  /** Every item has been handed over; prints what the consumer still does, if anything. */
  public void sent() {
    if (out == null || sent || finishing == null) {
      return;
    }
    sent = true;
    if (terminal) {
      show();
      out.println();
    }
    out.printf(Locale.ROOT, "Loading %s: all %,d rows sent in %.1fs; %s...%n", label, count,
        seconds(), finishing);
  }

  /** Prints the final state once. */
  public void done() {
    if (out == null || finished) {
      return;
    }
    finished = true;
    if (sent) {
      out.printf(Locale.ROOT, "Loading %s: done, %,d rows in %.1fs%n", label, count, seconds());
    } else if (terminal) {
      out.println();
    } else {
      show();
    }
  }

  private void show() {
    int pct = (int) Math.min(100, count * 100 / total);
    if (terminal) {
      int filled = pct * 30 / 100;
      out.printf(Locale.ROOT, "\r%-12s [%s%s] %3d%% %,d/%,d %.1fs", label, "#".repeat(filled),
          " ".repeat(30 - filled), pct, count, total, seconds());
      out.flush();
    } else {
      out.printf(Locale.ROOT, "Loading %s: %d%% (%,d of %,d rows, %.1fs)%n", label, pct, count,
          total, seconds());
    }
  }

  private double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
