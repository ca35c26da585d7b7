package dev.brisk.peer.webflux;

import java.net.URI;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Peer stack for the load harness: Spring WebFlux + R2DBC serving the same two endpoints as the raw
 * Vert.x baseline ({@code GET /api/products/{id}} and the keyset products page) on the same
 * database. Run: {@code BRISK_PG_URL=postgresql://u@host:port/db java -jar
 * peer-webflux/target/brisk-peer-webflux.jar --server.port=8082}. Runs on Spring's main thread,
 * then on Reactor Netty event loops.
 */
@SpringBootApplication
public class PeerMain {

  /** Starts the peer; reads {@code BRISK_PG_URL} (required) and {@code PORT} (default 8082). */
  public static void main(String[] args) {
    String pg = System.getenv("BRISK_PG_URL");
    if (pg == null || pg.isBlank()) {
      throw new IllegalStateException("BRISK_PG_URL is required, e.g. postgresql://u@h:5432/db");
    }
    System.setProperty("spring.r2dbc.url", r2dbcUrl(pg));
    String port = System.getenv("PORT");
    if (port != null && !port.isBlank()) {
      System.setProperty("server.port", port);
    }
    SpringApplication.run(PeerMain.class, args);
  }

  /** {@code postgresql://user:pass@host:port/db} to {@code r2dbc:postgresql://...}. */
  static String r2dbcUrl(String pgUrl) {
    URI uri = URI.create(pgUrl);
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("BRISK_PG_URL must be postgresql://..., was " + pgUrl);
    }
    return "r2dbc:postgresql:" + uri.getRawSchemeSpecificPart();
  }
}
