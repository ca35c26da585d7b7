package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Follows the README: the packaged jar starts from nothing (its own dev services, schema, small
 * dataset) to ready, serves the API, and stops gracefully on SIGTERM leaving no store running.
 */
class StartupIT {

  private static final Pattern DEV_LINE =
      Pattern.compile("Dev services: BRISK_PG_URL=(\\S+) BRISK_REDIS_URL=redis://\\S*:(\\d+)");

  @Test
  void jar_starts_from_nothing_to_ready_and_stops_on_sigterm() throws Exception {
    Path jar = Path.of("target", "brisk-sample-app.jar");
    assertThat(jar).exists();
    int port = freePort();
    Path log = Files.createTempFile("brisk-startup", ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", jar.toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("BRISK_PG_URL");
    pb.environment().remove("BRISK_REDIS_URL");
    Process app = pb.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      assertThat(waitReady(http, port, app)).as(Files.readString(log)).isEqualTo(200);
      HttpResponse<String> product = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/orders/1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(product.statusCode()).isIn(200, 404);
      String started = Files.readString(log);
      Matcher dev = DEV_LINE.matcher(started);
      assertThat(dev.find()).as(started).isTrue();
      int redisPort = Integer.parseInt(dev.group(2));

      app.destroy();
      assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
      assertThat(Files.readString(log)).contains("Shutting down");
      assertThat(accepts(redisPort)).as("dev Redis stopped").isFalse();
    } finally {
      app.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static int waitReady(HttpClient http, int port, Process app) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    int status = -1;
    while (System.nanoTime() < deadline && app.isAlive() && status != 200) {
      try {
        status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = -1;
      }
      if (status != 200) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    return status;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
