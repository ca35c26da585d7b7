package dev.brisk.resilience;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A vertx-web-client body codec that buffers at most {@code maxBytes} of an answer and fails the
 * response beyond (the client then resets it): {@link BodyCodec#buffer()} buffers whatever a
 * target sends, so one oversized answer could exhaust the heap. Per response; on its event loop.
 * {@link Outbound#send} puts it on every request, bounded by
 * {@link OutboundOptions#maxAnswerBytes()}.
 */
final class CappedBody implements BodyCodec<Buffer> {

  private final int maxBytes;

  private CappedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static BodyCodec<Buffer> buffer(int maxBytes) {
    return new CappedBody(maxBytes);
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new BodyStream<>() {
      private final Buffer body = Buffer.buffer();
      private final Promise<Buffer> result = Promise.promise();

      @Override
      public Future<Buffer> result() {
        return result.future();
      }

      @Override
      public void handle(Throwable failure) {
        result.tryFail(failure);
      }

      @Override
      public Future<Void> write(Buffer data) {
        if (result.future().isComplete()) {
          return Future.failedFuture("the answer has already ended");
        }
        if (body.length() + data.length() > maxBytes) {
          AnswerTooLarge tooLarge = new AnswerTooLarge(maxBytes);
          result.tryFail(tooLarge);
          return Future.failedFuture(tooLarge);
        }
        body.appendBuffer(data);
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> end() {
        result.tryComplete(body);
        return Future.succeededFuture();
      }

      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
      }

      @Override
      public boolean writeQueueFull() {
        return false;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
      }
    };
  }

  /** The answer passed the cap; what {@link Outbound#send} turns into its failure. */
  static final class AnswerTooLarge extends RuntimeException {
    AnswerTooLarge(int maxBytes) {
      super("answer larger than " + maxBytes + " bytes", null, false, false);
    }
  }
}
