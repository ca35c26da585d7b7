package dev.brisk.peer.quarkus;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps {@link Problem} to its problem+json answer; runs on the request's thread. */
public class ProblemMapper {

  /** {@code problem}'s status with its body. */
  @ServerExceptionMapper
  public RestResponse<Map<String, Object>> problem(Problem problem) {
    Response.Status status = Response.Status.fromStatusCode(problem.status());
    String title = status == null ? "Error" : status.getReasonPhrase();
    return RestResponse.ResponseBuilder.<Map<String, Object>>create(problem.status())
        .entity(problem.body(title)).type("application/problem+json").build();
  }
}
