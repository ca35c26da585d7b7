package dev.brisk.stream;

import io.vertx.core.Future;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/** Starts one {@link StreamPump} per response. */
final class DefaultStreamer implements Streamer {

  private final StreamOptions options;
  private final StreamMeters meters;

  DefaultStreamer(StreamOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.meters = new StreamMeters(options.registry());
  }

  @Override
  public <T> Future<StreamResult> send(RoutingContext ctx, StreamFormat format,
      Future<? extends ReadStream<T>> source, StreamEncoder<T> encoder) {
    if (!encoder.supports(format)) {
      source.onSuccess(Sources::close);
      return Future.failedFuture(new IllegalArgumentException("the encoder cannot write "
          + format + "; negotiate with StreamFormat.negotiate(accept, encoder)"));
    }
    return new StreamPump<>(ctx, format, source, encoder, options, meters).start();
  }
}
