package dev.brisk.devservices;

/**
 * A fake shipping carrier for development and tests: a small HTTP server on 127.0.0.1 that
 * quotes ({@code GET /quote?product_id=N&zip=Z} answers {@code {"carrier", "price_cents",
 * "days"}}) and injects faults set at run time ({@code PUT /faults} with any of
 * {@code {"latency_ms": 0, "error_rate": 0.0, "down": false}}; {@code GET /faults} reads them
 * back with {@code requests}, the quote calls received, and {@code cancelled}, those whose
 * caller hung up before the answer).
 *
 * <p>{@code try (FakeCarrier carrier = FakeCarrier.start()) { carrier.url(); }}
 *
 * <p>{@code down} fails every quote with 503; {@code error_rate} fails that fraction with 500,
 * spread evenly (0.5 fails every second call), so tests are repeatable. Faults are global to an
 * instance: tests that change them start their own. Quotes are a pure function of product and
 * zip. Thread-safe; {@link #start()} and {@link #close()} block briefly, so never call them on
 * an event loop.
 */
public interface FakeCarrier extends AutoCloseable {

  /** Starts a carrier on a free loopback port, with no faults. */
  static FakeCarrier start() {
    return CarrierServer.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  String url();

  /** Stops the server; idempotent. */
  @Override
  void close();
}
