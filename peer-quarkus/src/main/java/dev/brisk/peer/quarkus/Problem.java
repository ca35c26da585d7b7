package dev.brisk.peer.quarkus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected failure answered as {@code application/problem+json} by {@link ProblemMapper};
 * stackless, since it only carries a status and a detail.
 */
public final class Problem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /** A problem with HTTP {@code status} and a human-readable {@code detail}. */
  public Problem(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The body: {@code type}, {@code title}, {@code status}, {@code detail}. */
  public Map<String, Object> body(String title) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", getMessage());
    return body;
  }
}
