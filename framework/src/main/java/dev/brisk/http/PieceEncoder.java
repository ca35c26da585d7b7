package dev.brisk.http;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A {@link BodyEncoder} over a compressing {@link OutputStream} that is flushed after every
 * piece (gzip and deflate with {@code SYNC_FLUSH}, brotli and zstd with their flush operations).
 * Native encoders hold memory until closed: {@link #finish} and {@link #discard} close it.
 */
final class PieceEncoder implements BodyEncoder {

  /** What the coder wrote since the last piece was taken. */
  private final Sink sink = new Sink();
  private final OutputStream coder;
  private boolean closed;

  PieceEncoder(String coding) {
    this.coder = Compression.codingStream(coding, sink);
  }

  @Override
  public Buffer encode(Buffer piece) {
    try {
      write(piece);
      coder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.take();
  }

  @Override
  public Buffer finish(Buffer last) {
    try {
      write(last);
      closed = true;
      coder.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.take();
  }

  @Override
  public void discard() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      coder.close();
    } catch (IOException e) {
      // Nothing is sent any more: only the native memory mattered, and close frees it first.
    }
    sink.take();
  }

  private void write(Buffer piece) throws IOException {
    if (closed) {
      throw new IllegalStateException("the body's coding has ended");
    }
    if (piece.length() > 0) {
      coder.write(piece.getBytes());
    }
  }

  /** A byte sink whose content is taken (and cleared) once per piece. */
  private static final class Sink extends ByteArrayOutputStream {
    Buffer take() {
      Buffer out = Buffer.buffer(toByteArray());
      reset();
      return out;
    }
  }
}
