package dev.brisk.shop.data;

import java.io.Reader;
import java.util.function.LongFunction;

/**
 * A Reader over generated lines, produced lazily as the consumer reads. Progress counts rows (one
 * per newline, so a generated chunk may hold several) and hears when the last one is handed over.
 */
final class GeneratedReader extends Reader {

  private final long chunks;
  private final LongFunction<CharSequence> line;
  private final Progress progress;
  private long next;
  private CharSequence current = "";
  private int pos;

  GeneratedReader(long chunks, LongFunction<CharSequence> line, Progress progress) {
    this.chunks = chunks;
    this.line = line;
    this.progress = progress;
  }

  @Override
  public int read(char[] buf, int off, int len) {
    int written = 0;
    while (written < len) {
      if (pos == current.length()) {
        if (next == chunks) {
          progress.sent();
          break;
        }
        current = line.apply(next++);
        pos = 0;
        progress.advance(newlines(current));
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

  private static int newlines(CharSequence chunk) {
    int n = 0;
    for (int i = 0; i < chunk.length(); i++) {
      if (chunk.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    progress.done();
  }
}
