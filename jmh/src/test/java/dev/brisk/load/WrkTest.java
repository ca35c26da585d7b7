package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WrkTest {

  private static final String OUTPUT = String.join("\n",
      "Running 3s test @ http://127.0.0.1:40000",
      "  1 threads and 64 connections",
      "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
      "    Latency     2.71ms    1.02ms  20.64ms   82.51%",
      "    Req/Sec    23.81k     1.25k   26.11k    80.00%",
      "  71085 requests in 3.00s, 18.37MB read",
      "  Non-2xx or 3xx responses: 85",
      "  Socket errors: connect 0, read 2, write 0, timeout 3",
      "Requests/sec:  23691.54",
      "Transfer/sec:      6.12MB");

  @Test
  void reads_ok_throughput_and_errors_from_the_summary() {
    RunResult r = Wrk.parse("brisk", "get", 64, OUTPUT);

    assertThat(r.model()).isEqualTo("wrk");
    assertThat(r.ok()).isEqualTo(71085 - 85);
    assertThat(r.errors()).isEqualTo(85 + 5);
    assertThat(r.responses()).isEqualTo(71085);
    assertThat(r.okThroughput()).isEqualTo((71085 - 85) / 3.0);
  }

  @Test
  void a_clean_run_has_no_errors() {
    RunResult r = Wrk.parse("quarkus", "page", 8, "  500 requests in 250.00ms, 1MB read\n");

    assertThat(r.failed()).isZero();
    assertThat(r.okThroughput()).isEqualTo(2000.0);
  }

  @Test
  void script_replays_the_scenarios_paths_with_its_headers() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-API-Key", "demo-internal");
    Scenario s = Scenario.of("get", "", 1, Set.of(200),
        seq -> RequestSpec.get("/api/products/" + (seq + 1) + "?q=\"x\"", headers));

    String lua = Wrk.script(s, 3);

    assertThat(lua)
        .contains("\"/api/products/1?q=\\\"x\\\"\",", "\"/api/products/3?q=\\\"x\\\"\",")
        .doesNotContain("/api/products/4")
        .contains("wrk.headers[\"X-API-Key\"] = \"demo-internal\"");
  }

  @Test
  void refuses_requests_with_a_body() {
    Scenario s = Scenario.of("batch", "", 1, Set.of(200), seq -> new RequestSpec(HttpMethod.POST,
        "/api/batch", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}")));

    assertThatThrownBy(() -> Wrk.script(s, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GET requests only");
  }
}
