package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar as the README does: from nothing (its own dev services, schema, small
 * dataset) to ready on a port of its choosing, serving the API, stopping gracefully on SIGTERM;
 * answering the curl commands of the README's quick start; refusing to start with only one store
 * URL, and saying why it did not start once; never printing a store password it was given.
 */
class StartupIT {

  private static final Pattern DEV_LINE =
      Pattern.compile("Dev services: BRISK_PG_URL=(\\S+) BRISK_REDIS_URL=redis://\\S*:(\\d+)");
  private static final Pattern LISTENING = Pattern.compile("Brisk listening on \\S+:(\\d+)");
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Pattern CURL_URL = Pattern.compile("'?localhost:8080(/[^' ]*)'?");
  private static final Pattern CURL_HEADER = Pattern.compile("-H '([^:']+): ([^']*)'");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void jar_starts_from_nothing_to_ready_and_stops_on_sigterm() throws Exception {
    try (Jar app = Jar.start(Map.of(), "--port", "0")) {
      int port = app.awaitListening();
      assertThat(status(port, "/health/ready")).as(app.output()).isEqualTo(200);
      HttpResponse<String> product = get(port, "/api/products/1");
      assertThat(product.statusCode()).as(product.body()).isEqualTo(200);
      assertThat(new JsonObject(product.body()).getLong("id")).isEqualTo(1L);
      assertThat(app.output()).containsPattern("BRISK_CARRIER_URL=http://127\\.0\\.0\\.1:\\d+");
      HttpResponse<String> quote = get(port, "/api/products/1/shipping-quote?zip=10115");
      assertThat(quote.statusCode()).as(quote.body()).isEqualTo(200);
      assertThat(new JsonObject(quote.body()).getBoolean("stale")).isFalse();
      List<HttpRequest> readme = quickStartCurls(port);
      assertThat(readme).as("curl commands in the README's quick start").hasSizeGreaterThan(2);
      for (HttpRequest request : readme) {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(request.uri() + " " + answer.body()).isEqualTo(200);
      }
      Matcher dev = DEV_LINE.matcher(app.output());
      assertThat(dev.find()).as(app.output()).isTrue();
      int redisPort = Integer.parseInt(dev.group(2));
      Matcher key = Pattern.compile("BRISK_CURSOR_KEYS=(\\S+)").matcher(app.output());
      assertThat(key.find()).as("the cursor key is on the Dev services line").isTrue();
      assertThat(app.output().split(Pattern.quote(key.group(1)), -1)).as("printed once only")
          .hasSize(2);

      assertThat(app.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
          .as("a dev run from nothing warns about nothing").isEmpty();
      assertThat(app.output().lines().filter(l -> l.contains("Brisk listening on"))).as(
          "what the instance runs with, once").singleElement().asString().containsPattern(
          " INFO dev\\.brisk\\.Brisk - Brisk listening on 127\\.0\\.0\\.1:" + port
              + " \\(version \\S+\\) env=development event-loops=\\d+ pg=127\\.0\\.0\\.1:\\d+/\\S+"
              + " pg-replicas=0 redis=127\\.0\\.0\\.1:" + redisPort
              + " cache=on concurrency-limit=on rate-limiting=on$");

      assertThat(app.stop()).as("exit status after SIGTERM").isEqualTo(143);
      assertThat(app.output()).contains("Shutting down");
      assertThat(accepts(redisPort)).as("dev Redis stopped").isFalse();
      assertThat(accepts(port)).as("HTTP port closed").isFalse();
    }
  }

  @Test
  void only_one_store_url_is_a_startup_error_naming_the_other() throws Exception {
    String password = "pw-" + UUID.randomUUID();
    try (Jar app = Jar.start(Map.of("BRISK_PG_URL",
        "postgresql://app:" + password + "@127.0.0.1:1/app"), "--port", "0")) {
      assertThat(app.process.waitFor(2, TimeUnit.MINUTES)).as("exits").isTrue();
      assertThat(app.process.exitValue()).as(app.output()).isNotZero();
      assertThat(app.output()).contains("BRISK_REDIS_URL").doesNotContain(password)
          .doesNotContain("Dev services:");
      assertThat(occurrences(app.output(), "Missing BRISK_REDIS_URL")).as(app.output())
          .isEqualTo(1);
      // A configuration error is its message: no stack trace through Brisk's internals.
      assertThat(app.output()).as(app.output()).doesNotContain("\tat dev.brisk.")
          .doesNotContain("IllegalArgumentException");
    }
  }

  @Test
  void an_unreachable_postgres_stops_the_start_naming_it_without_a_stack_trace()
      throws Exception {
    DevServices dev = DevServices.shared();
    try (Jar app = Jar.start(Map.of("BRISK_PG_URL", "postgresql://app:pw@127.0.0.1:1/app",
        "BRISK_REDIS_URL", dev.redisUrl(), "BRISK_CURSOR_KEYS", "k-" + UUID.randomUUID()),
        "--port", "0")) {
      assertThat(app.process.waitFor(2, TimeUnit.MINUTES)).as("exits").isTrue();
      assertThat(app.process.exitValue()).as(app.output()).isNotZero();
      assertThat(app.output()).contains("Cannot use PostgreSQL (BRISK_PG_URL=postgresql://***@")
          .as(app.output()).doesNotContain("\tat ");
      assertThat(occurrences(app.output(), "Cannot use PostgreSQL")).as(app.output())
          .isEqualTo(1);
    }
  }

  @Test
  void a_bad_setting_stops_the_start_with_its_message_once() throws Exception {
    // The logger wrote it to stderr, and then a println to stderr wrote it again.
    try (Jar app = Jar.start(Map.of("BRISK_ENV", "bogus"), "--port", "0")) {
      assertThat(app.waitForExit()).as(app.output()).isEqualTo(1);
      assertThat(occurrences(app.output(), "must be development or production, was 'bogus'"))
          .as(app.output()).isEqualTo(1);
      assertThat(app.output()).contains("ERROR dev.brisk.Brisk - Startup failed: --env "
          + "(BRISK_ENV) must be development or production").doesNotContain("Dev services:");
    }
  }

  @Test
  void supplied_store_passwords_never_appear_in_output() throws Exception {
    DevServices dev = DevServices.shared();
    String pgUrl = dev.pgUrl();
    List<String> passwords = new ArrayList<>();
    String pgPassword = PgConnectOptions.fromUri(pgUrl).getPassword();
    if (pgPassword == null) {
      // A store without authentication ignores a password, so the app still gets one to hide.
      pgPassword = "pw-" + UUID.randomUUID();
      pgUrl = pgUrl.replaceFirst("://([^@/:]+)@", "://$1:" + pgPassword + "@");
    }
    passwords.add(pgPassword);
    String redisInfo = URI.create(dev.redisUrl()).getUserInfo();
    if (redisInfo != null && redisInfo.contains(":")) {
      passwords.add(redisInfo.substring(redisInfo.indexOf(':') + 1));
    }
    String cursorKey = "k-" + UUID.randomUUID();
    passwords.add(cursorKey);
    TestShop.app(); // the stores migrated and loaded by an earlier run, as on a restart
    try (Jar app = Jar.start(Map.of("BRISK_PG_URL", pgUrl, "BRISK_REDIS_URL", dev.redisUrl(),
        "BRISK_CURSOR_KEYS", cursorKey), "--port", "0")) {
      int port = app.awaitListening();
      assertThat(status(port, "/health/ready")).as(app.output()).isEqualTo(200);
      assertThat(app.stop()).isEqualTo(143);
      assertThat(app.output()).doesNotContain("Dev services:").contains("Shutting down")
          .as("a run on its own stores, started without the flag, says to add it")
          .contains("runs without -XX:+ExitOnOutOfMemoryError");
      for (String password : passwords) {
        assertThat(app.output()).as("output").doesNotContain(password);
      }
      PgConnectOptions pg = PgConnectOptions.fromUri(pgUrl);
      assertThat(app.output()).as("the startup line names the stores by address")
          .contains(" pg=" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase()
              + " pg-replicas=0 redis=" + URI.create(dev.redisUrl()).getHost() + ":"
              + URI.create(dev.redisUrl()).getPort() + " ");
      // Stores an earlier run migrated: nothing to warn about but the missing JVM flag.
      assertThat(app.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
          .filter(l -> !l.contains("ExitOnOutOfMemoryError"))).as(app.output()).isEmpty();
    }
  }

  @Test
  void store_urls_without_cursor_keys_is_a_startup_error_naming_the_variable() throws Exception {
    DevServices dev = DevServices.shared();
    try (Jar app = Jar.start(Map.of("BRISK_PG_URL", dev.pgUrl(), "BRISK_REDIS_URL",
        dev.redisUrl()), "--port", "0")) {
      assertThat(app.process.waitFor(2, TimeUnit.MINUTES)).as("exits").isTrue();
      assertThat(app.process.exitValue()).as(app.output()).isNotZero();
      assertThat(app.output()).contains("Missing BRISK_CURSOR_KEYS")
          .doesNotContain("Brisk listening");
    }
  }

  /**
   * The README's quick-start {@code curl} commands, as requests to {@code port} (they name
   * {@code localhost:8080}), with their {@code -H} headers: what a new user pastes first.
   */
  private static List<HttpRequest> quickStartCurls(int port) throws IOException {
    Path readme = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(readme.resolve("README.md"))) {
      readme = readme.getParent();
    }
    String text = Files.readString(readme.resolve("README.md"));
    int start = text.indexOf("## Quick start");
    String section = text.substring(start, text.indexOf("\n## ", start + 1));
    List<HttpRequest> requests = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (!line.startsWith("curl ")) {
        continue;
      }
      Matcher url = CURL_URL.matcher(line);
      assertThat(url.find()).as(line).isTrue();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + port + url.group(1))).timeout(Duration.ofSeconds(30));
      Matcher header = CURL_HEADER.matcher(line);
      while (header.find()) {
        request.header(header.group(1), header.group(2));
      }
      requests.add(request.build());
    }
    return requests;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status of {@code path}, polling while the app is up but not yet ready. */
  private int status(int port, String path) throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    int status = get(port, path).statusCode();
    while (status == 503 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      status = get(port, path).statusCode();
    }
    return status;
  }

  /** How often {@code needle} occurs in {@code text}. */
  private static int occurrences(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The packaged jar running in a child JVM, its stdout and stderr in one temporary file. */
  static final class Jar implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Jar(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    /** Starts the jar with exactly these store variables (others are removed). */
    static Jar start(Map<String, String> env, String... args) throws IOException {
      return start(List.of(), env, args);
    }

    /** Like {@link #start(Map, String...)} with JVM options such as {@code -Xmx64m}. */
    static Jar start(List<String> jvmArgs, Map<String, String> env, String... args)
        throws IOException {
      return start(Path.of("target", "brisk-sample-app.jar"), jvmArgs, env, args);
    }

    /** Like {@link #start(List, Map, String...)} for another jar (the production one). */
    static Jar start(Path jar, List<String> jvmArgs, Map<String, String> env, String... args)
        throws IOException {
      assertThat(jar).exists();
      Path log = Files.createTempFile("brisk-startup", ".log");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
          "bin", "java").toString()));
      command.addAll(jvmArgs);
      command.addAll(List.of("-jar", jar.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().remove("BRISK_PG_URL");
      pb.environment().remove("BRISK_REDIS_URL");
      pb.environment().remove("BRISK_ENV");
      pb.environment().remove("BRISK_CURSOR_KEYS");
      // JVM options come from jvmArgs alone: the OutOfMemoryError flag is asserted on.
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      pb.environment().putAll(env);
      return new Jar(pb.start(), log);
    }

    boolean isAlive() {
      return process.isAlive();
    }

    String output() throws IOException {
      return Files.readString(log);
    }

    /** Waits for the startup line and returns the port it names. */
    int awaitListening() throws Exception {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (System.nanoTime() < deadline && process.isAlive()) {
        Matcher m = LISTENING.matcher(output());
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      throw new AssertionError("never listened; output:\n" + output());
    }

    /** Waits (at most two minutes) for the process to exit by itself; its exit status. */
    int waitForExit() throws Exception {
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("exits").isTrue();
      return process.exitValue();
    }

    /** Sends SIGTERM and returns the exit status. */
    int stop() throws Exception {
      process.destroy();
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("exits after SIGTERM").isTrue();
      return process.exitValue();
    }

    /**
     * Stops a process still running with SIGTERM, so its shutdown hook stops the dev services it
     * started (SIGKILL left their PostgreSQL and Redis running), and SIGKILL only if it hangs.
     */
    @Override
    public void close() throws IOException {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
      Files.deleteIfExists(log);
    }
  }
}
