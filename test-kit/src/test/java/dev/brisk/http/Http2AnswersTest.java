package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.H2Connection;
import dev.brisk.test.TestBrisk;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Answers over HTTP/2 as the client receives them, frame by frame ({@link H2Connection}): what
 * an HTTP client library would smooth over (a body on a HEAD) shows here.
 */
class Http2AnswersTest {

  private static final TestBrisk APP = HttpTestApp.app();

  @Test
  void a_head_gets_the_headers_of_its_get_and_no_body_whatever_answers_it() throws IOException {
    // A reply, a problem of the endpoint, of the router, and the raw routes (health, metrics).
    try (H2Connection h2 = H2Connection.open(APP.port())) {
      for (String path : List.of("/items/1", "/items/999", "/nowhere", "/health/ready",
          "/metrics")) {
        for (String coding : new String[] {null, "gzip"}) {
          String[] accept = coding == null ? new String[0]
              : new String[] {"accept-encoding", coding};
          H2Connection.Answer get = h2.send("GET", path, accept);
          H2Connection.Answer head = h2.send("HEAD", path, accept);
          String what = "HEAD " + path + " with " + coding;
          // Vert.x sent the body of a problem, the scrape and the readiness on a HEAD, which
          // clients refuse as a protocol error.
          assertThat(head.data()).as(what).isEmpty();
          assertThat(head.resetCode()).as(what).isNull();
          assertThat(head.status()).as(what).isEqualTo(get.status());
          assertThat(head.header("content-type")).as(what).isEqualTo(get.header("content-type"));
          if (coding == null && !path.equals("/metrics")) {
            // The scrape counts itself, so its length changes from one to the next.
            assertThat(head.header("content-length")).as(what)
                .isEqualTo(Integer.toString(get.data().length));
          }
        }
      }
    }
  }
}
