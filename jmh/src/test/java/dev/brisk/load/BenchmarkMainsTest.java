package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every main of the jmh module, each in a JVM of its own: {@code --help} prints its usage and
 * exits 0, an unknown option is named above the usage with exit status 2, and neither starts
 * anything.
 */
class BenchmarkMainsTest {

  static final List<String> MAINS = List.of("dev.brisk.bench.BatchingBench",
      "dev.brisk.bench.DeepPagingBench", "dev.brisk.jmh.CacheBenchmark",
      "dev.brisk.jmh.PipeliningBenchmark", "dev.brisk.jmh.StreamBenchmark",
      "dev.brisk.load.LoadMain", "dev.brisk.load.OutageBench", "dev.brisk.load.OverloadMain",
      "dev.brisk.load.baseline.BaselineMain");

  @TempDir
  Path dir;

  @Test
  void the_list_holds_every_main_of_the_module() throws Exception {
    Path classes = Path.of(Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> mains = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes.resolve("dev/brisk"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
        if (hasMain(Class.forName(name, false, getClass().getClassLoader()))) {
          mains.add(name);
        }
      }
    }
    assertThat(mains).containsExactlyInAnyOrderElementsOf(MAINS);
  }

  @ParameterizedTest
  @MethodSource("mains")
  void help_prints_the_usage_and_exits_0(String main) throws Exception {
    Run run = run(main, "--help");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains(main);
  }

  @ParameterizedTest
  @MethodSource("mains")
  void an_unknown_option_is_named_above_the_usage_with_status_2(String main) throws Exception {
    Run run = run(main, "--no-such-option", "1");
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("unknown option --no-such-option\n").contains(main);
    assertThat(run.out()).isEmpty();
  }

  static List<String> mains() {
    return MAINS;
  }

  private static boolean hasMain(Class<?> type) {
    try {
      Method main = type.getDeclaredMethod("main", String[].class);
      return Modifier.isPublic(main.getModifiers()) && Modifier.isStatic(main.getModifiers());
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private Run run(String main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    // Were the command line ignored, a main must not find stores to use.
    builder.environment().keySet().removeIf(k -> k.startsWith("BRISK_"));
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(main + " " + String.join(" ", args) + " still ran after 60 s");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private record Run(int status, String out, String err) {
  }
}
