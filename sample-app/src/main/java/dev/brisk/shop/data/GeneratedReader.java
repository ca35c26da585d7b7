package dev.brisk.shop.data;

import java.io.Reader;
import java.util.function.LongFunction;

/** A Reader over generated lines, produced lazily as the consumer reads. */
final class GeneratedReader extends Reader {

  private final long rows;
  private final LongFunction<CharSequence> line;
  private final Progress progress;
  private long next;
  private CharSequence current = "";
  private int pos;

  GeneratedReader(long rows, LongFunction<CharSequence> line, Progress progress) {
    this.rows = rows;
    this.line = line;
    this.progress = progress;
  }

  @Override
  public int read(char[] buf, int off, int len) {
    int written = 0;
    while (written < len) {
      if (pos == current.length()) {
        if (next == rows) {
          break;
        }
        current = line.apply(next++);
        pos = 0;
        progress.advance(1);
      }
      int n = Math.min(len - written, current.length() - pos);
      for (int i = 0; i < n; i++) {
        buf[off + written + i] = current.charAt(pos + i);
      }
      pos += n;
      written += n;
    }
    return written == 0 && len > 0 ? -1 : written;
  }

  @Override
  public void close() {
    progress.done();
  }
}
