package dev.brisk.imports;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.Executor;

/**
 * Splits an import's body into numbered lines at {@code \n}, whatever the chunk boundaries. A line
 * longer than {@code maxLineBytes} is never buffered: its bytes are dropped up to the next newline
 * and it is handed on as {@link Line#isTooLong() too long}, so memory holds at most one line plus
 * the unread rest of a chunk. {@link #pause()} stops handing on lines and pauses the body. At most
 * {@code linesPerTurn} lines are handed on per task: then the body pauses and the rest follows in
 * the task {@code nextTurn} runs, so a body of short lines cannot hold the event loop (Netty
 * hands on up to 16 reads of 64 KiB at a time: a million lines of "x"). Runs on the body's
 * context; not thread-safe.
 */
final class ImportLines {

  /**
   * Line {@code number} (1-based) without its newline, or with {@code bytes == null} when it was
   * longer than the limit.
   */
  record Line(long number, Buffer bytes) {

    boolean isTooLong() {
      return bytes == null;
    }
  }

  private final ReadStream<Buffer> body;
  private final int maxLineBytes;
  private final int linesPerTurn;
  private final Executor nextTurn;
  private final Handler<Line> lineHandler;
  private final Handler<Void> endHandler;
  private Buffer unread = Buffer.buffer();
  private int position;
  private Buffer line = Buffer.buffer();
  private boolean skipping;
  private long number;
  private boolean paused;
  /** Paused by this splitter until its next turn, apart from the owner's {@link #pause()}. */
  private boolean yielding;
  private boolean ended;
  private boolean finished;
  private boolean draining;

  ImportLines(ReadStream<Buffer> body, int maxLineBytes, int linesPerTurn, Executor nextTurn,
      Handler<Line> lineHandler, Handler<Void> endHandler) {
    this.body = body;
    this.maxLineBytes = maxLineBytes;
    this.linesPerTurn = linesPerTurn;
    this.nextTurn = nextTurn;
    this.lineHandler = lineHandler;
    this.endHandler = endHandler;
  }

  /** Starts reading the body. */
  void start() {
    body.endHandler(v -> {
      ended = true;
      drain();
    });
    body.handler(this::onChunk);
  }

  void pause() {
    paused = true;
    body.pause();
  }

  void resume() {
    paused = false;
    if (!yielding) {
      body.resume();
    }
    drain();
  }

  /** Pauses the body until the next turn, which continues where this one stopped. */
  private void yieldTurn() {
    yielding = true;
    body.pause();
    nextTurn.execute(() -> {
      yielding = false;
      if (!paused) {
        body.resume();
      }
      drain();
    });
  }

  private void onChunk(Buffer chunk) {
    // A chunk may arrive before the last one is read whole (the body resumed for the next turn
    // hands on the rest of a compressed chunk at once): keep what is unread.
    unread = position == unread.length() ? chunk
        : unread.getBuffer(position, unread.length()).appendBuffer(chunk);
    position = 0;
    drain();
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      int handed = 0;
      while (!paused && !yielding && position < unread.length()) {
        if (handed == linesPerTurn) {
          yieldTurn();
          break;
        }
        int newline = indexOfNewline();
        take(newline < 0 ? unread.length() : newline);
        if (newline >= 0) {
          position = newline + 1;
          handed++;
          emit();
        } else {
          position = unread.length();
        }
      }
      if (!paused && !yielding && ended && !finished && position == unread.length()) {
        if (skipping || line.length() > 0) {
          emit();
        }
        // The last line may have paused for a batch: its resume ends the body.
        if (!paused) {
          finished = true;
          endHandler.handle(null);
        }
      }
    } finally {
      draining = false;
    }
  }

  private int indexOfNewline() {
    for (int i = position; i < unread.length(); i++) {
      if (unread.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Adds the unread bytes before {@code end} to the current line, or drops them past the limit. */
  private void take(int end) {
    if (skipping) {
      return;
    }
    if (line.length() + end - position > maxLineBytes) {
      skipping = true;
      line = Buffer.buffer();
    } else {
      line.appendBuffer(unread, position, end - position);
    }
  }

  private void emit() {
    Line done = new Line(++number, skipping ? null : line);
    skipping = false;
    line = Buffer.buffer();
    lineHandler.handle(done);
  }
}
