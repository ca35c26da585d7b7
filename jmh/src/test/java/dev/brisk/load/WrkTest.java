package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  @Timeout(60)
  void a_wrk_that_hangs_is_killed_after_its_grace_and_leaves_no_files(@TempDir Path dir)
      throws Exception {
    // Stands in for wrk: prints a line, then never ends.
    Path hanging = dir.resolve("wrk");
    Files.writeString(hanging, "#!/bin/sh\necho started\nexec sleep 600\n");
    assertThat(hanging.toFile().setExecutable(true)).isTrue();
    Set<Path> before = wrkFiles();
    Scenario s = Scenario.of("get", "", 1, Set.of(200),
        seq -> RequestSpec.get("/", MultiMap.caseInsensitiveMultiMap()));
    Wrk wrk = new Wrk(hanging.toString(), Duration.ofMillis(500));

    assertThatThrownBy(() -> wrk.run("brisk", URI.create("http://127.0.0.1:1"), s, 1, 1,
        Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not finish").hasMessageContaining("killed");
    // The stand-in became `sleep` (exec): no such child may outlive the run.
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(h -> h.info().command().orElse("")).filter(c -> c.endsWith("/sleep")).toList())
        .as("a live wrk child").isEmpty();
    assertThat(wrkFiles()).isEqualTo(before);
  }

  private static Set<Path> wrkFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("brisk-wrk-"))
          .collect(Collectors.toSet());
    }
  }
}
