package dev.brisk.peer.quarkus;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /health/ready}: the harness polls it until the peer is up; event loop. */
@Path("/health/ready")
public class Health {

  /** Always UP once the HTTP server listens. */
  @GET
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public String ready() {
    return "{\"status\":\"UP\"}";
  }
}
