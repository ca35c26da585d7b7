package dev.brisk.http;

import dev.brisk.cache.ETags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format, rendered on a worker thread.
 * A scrape walks every meter (10-50 ms for a few hundred series on a busy two-core machine); on
 * an event loop it would hold up every request queued behind it at each scrape interval. Scrapes
 * that arrive while one renders share its text, so a burst of scrapers costs one rendering. Like
 * every GET it carries a strong {@code ETag} (hashed on the worker) and {@code Cache-Control}:
 * {@code no-store}, since every scrape must be fresh. Runs on its router's event loop; one per
 * router.
 */
final class MetricsScrape implements Handler<RoutingContext> {

  /** The Prometheus text exposition format Prometheus asks for by default. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private Future<Scrape> rendering;

  MetricsScrape(Vertx vertx, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<Scrape> text = rendering;
    if (text == null) {
      Future<Scrape> started = vertx.executeBlocking(() -> {
        Buffer body = Buffer.buffer(registry.scrape());
        return new Scrape(body, ETags.of(body));
      }, false);
      rendering = started;
      // Inline when the worker already finished: the local keeps this request's rendering.
      started.onComplete(ar -> {
        if (rendering == started) {
          rendering = null;
        }
      });
      text = started;
    }
    text.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ctx.response().ended() && !ctx.response().closed()) {
        Scrape scrape = ar.result();
        ctx.response().putHeader("Content-Type", CONTENT_TYPE)
            .putHeader("Cache-Control", "no-store");
        ReplyWriter.endValidated(ctx, scrape.etag(), scrape.body());
      }
    });
  }

  /** One rendering: the exposition text and its ETag. */
  private record Scrape(Buffer body, String etag) {
  }
}
