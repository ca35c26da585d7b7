package dev.brisk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.deploy.Containerfile.Instruction;
import dev.brisk.shop.Http;
import dev.brisk.shop.TestShop;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Containerfile checked where no base image can be pulled: a JDK stage building the
 * production jar with the wrapper, a JRE 17 runtime stage running only that jar unprivileged,
 * with a health check on a route that answers, a stop signal the app drains on and container
 * JVM flags.
 */
class ContainerfileTest {

  private static final Pattern ARG = Pattern.compile("(\\w+)=(\\S+)");
  private final Containerfile file = Containerfile.read();

  @Test
  void builds_the_production_jar_with_the_wrapper_on_a_jdk() throws IOException {
    assertThat(file.stages()).hasSize(2);
    List<Instruction> build = file.stages().get(0);
    assertThat(build.get(0).args()).isEqualTo("${BUILD_IMAGE} AS build");
    assertThat(arg("BUILD_IMAGE")).contains(":17-jdk");
    assertThat(build).filteredOn(i -> i.keyword().equals("RUN")).anySatisfy(i ->
        assertThat(i.args()).contains("./mvnw -B -ntp -pl sample-app -am package -DskipTests",
            "sample-app/target/brisk-sample-app-production.jar"));
    Path pom = Manifests.deployDir().resolveSibling("sample-app/pom.xml");
    assertThat(Files.readString(pom)).contains(
        "<outputFile>${project.build.directory}/brisk-sample-app-production.jar</outputFile>");
    String ignore = Files.readString(Manifests.deployDir().resolveSibling(".dockerignore"));
    assertThat(ignore.lines()).contains(".git", "**/target");
  }

  @Test
  void runs_only_the_jar_on_a_jre_as_an_unprivileged_user() {
    assertThat(file.runtime().get(0).args()).isEqualTo("${RUN_IMAGE}");
    assertThat(arg("RUN_IMAGE")).contains(":17-jre");
    assertThat(file.runtime()).filteredOn(i -> i.keyword().equals("COPY"))
        .extracting(Instruction::args).containsExactly("--from=build /brisk-shop.jar "
            + "/app/brisk-shop.jar");
    assertThat(file.runtime()).extracting(Instruction::keyword).doesNotContain("ADD");
    assertThat(file.user()).matches("[1-9][0-9]*:[1-9][0-9]*");
    JsonArray entrypoint = new JsonArray(file.runtime("ENTRYPOINT"));
    assertThat(entrypoint.getList()).containsExactly("java", "-jar", "/app/brisk-shop.jar");
  }

  @Test
  void sets_container_jvm_flags_and_production_mode() {
    String env = String.join(" ", file.runtime().stream()
        .filter(i -> i.keyword().equals("ENV")).map(Instruction::args).toList());
    assertThat(env).contains("BRISK_ENV=production", "-XX:MaxRAMPercentage=",
        "-XX:MaxDirectMemorySize=", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
  }

  @Test
  void exposes_the_port_and_stops_and_checks_health_as_the_app_expects() {
    assertThat(file.runtime("EXPOSE")).isEqualTo("8080");
    assertThat(file.runtime("STOPSIGNAL")).isEqualTo("SIGTERM");
    String check = file.runtime("HEALTHCHECK");
    assertThat(check).contains("CMD [");
    Matcher path = Pattern.compile("GET (/\\S+) HTTP/1.1").matcher(check);
    assertThat(path.find()).as(check).isTrue();
    assertThat(Http.get(path.group(1)).statusCode()).as(path.group(1)).isEqualTo(200);
  }

  @Test
  void the_health_check_finds_the_port_where_the_app_listens() throws Exception {
    List<String> command = new JsonArray(file.runtime("HEALTHCHECK")
        .substring(file.runtime("HEALTHCHECK").indexOf("CMD [") + 4)).stream()
        .map(String::valueOf).toList();
    String port = Integer.toString(TestShop.kit().port());
    // The app takes PORT, else BRISK_PORT, else 8080 (BriskConfig.port); so must the check.
    assertThat(exitCode(command, Map.of("PORT", port))).as("PORT").isZero();
    assertThat(exitCode(command, Map.of("BRISK_PORT", port))).as("BRISK_PORT").isZero();
    assertThat(exitCode(command, Map.of("PORT", port, "BRISK_PORT", "1"))).isZero();
    assertThat(exitCode(command, Map.of("PORT", "1", "BRISK_PORT", port))).isNotZero();
  }

  private static int exitCode(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("PORT");
    builder.environment().remove("BRISK_PORT");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("health check finished").isTrue();
    return process.exitValue();
  }

  private String arg(String name) {
    for (Instruction i : file.preamble()) {
      Matcher m = ARG.matcher(i.args());
      if (i.keyword().equals("ARG") && m.matches() && m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no global ARG " + name + " with a default");
  }
}
