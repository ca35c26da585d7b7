package dev.brisk.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

class EncodeBenchmarkTest {

  @Test
  void each_benchmark_runs_once_per_value_of_the_parameter_it_reads() throws Exception {
    Map<String, Map<String, String[]>> params = new TreeMap<>();
    try (InputStream in = getClass().getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
      for (BenchmarkListEntry e : BenchmarkList.readBenchmarkList(in)) {
        if (e.getUsername().startsWith(EncodeBenchmark.class.getName() + ".")) {
          params.put(e.getUsername().substring(EncodeBenchmark.class.getName().length() + 1),
              e.getParams().orElse(Map.of()));
        }
      }
    }

    assertThat(params).containsOnlyKeys("json", "jsonJackson", "protobuf", "etag", "compress");
    params.forEach((name, p) -> assertThat(p).as(name)
        .containsOnlyKeys(name.equals("compress") ? "coding" : "size"));
  }

  @Test
  void the_page_encodes_as_json_and_protobuf() {
    EncodeBenchmark.Page page = new EncodeBenchmark.Page();
    page.size = 20;
    page.setUp();
    EncodeBenchmark bench = new EncodeBenchmark();

    assertThat(bench.json(page).toJsonObject().getJsonArray("data")).hasSize(20);
    assertThat(bench.protobuf(page).length()).isLessThan(bench.json(page).length());
  }
}
