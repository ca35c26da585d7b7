package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.devservices.DevServices;
import dev.brisk.shop.StartupIT.Jar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production jar, the one deploy/Containerfile ships: it holds neither dev services nor the
 * store binaries and libraries only they bring nor test code, it serves against the stores it is
 * given with {@code BRISK_ENV=production}, and without store URLs it refuses to start.
 */
class ProductionJarIT {

  private static final Path JAR = Path.of("target", "brisk-sample-app-production.jar");
  /** What only development and tests need, by entry name. */
  private static final Predicate<String> DEV_ONLY = name ->
      name.startsWith("dev/brisk/devservices/") || name.startsWith("dev/brisk/test/")
      || name.startsWith("io/zonky/") || name.startsWith("redis/embedded/") || name.startsWith("org/junit/")
      || name.startsWith("org/assertj/") || name.endsWith(".txz")
      || name.contains("redis-server") || name.startsWith("dev/brisk/shop/ShopMain");

  @Test
  void holds_the_app_and_nothing_only_development_needs() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names).contains("dev/brisk/Brisk.class", "dev/brisk/shop/ShopApp.class",
          "dev/brisk/shop/ShopProductionMain.class", "db/V1__schema.sql");
      assertThat(names).filteredOn(DEV_ONLY).isEmpty();
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.brisk.shop.ShopProductionMain");
    }
  }

  @Test
  void serves_against_given_stores_and_stops_on_sigterm() throws Exception {
    DevServices dev = DevServices.shared();
    Map<String, String> env = Map.of("BRISK_ENV", "production", "BRISK_PG_URL", dev.pgUrl(),
        "BRISK_REDIS_URL", dev.redisUrl(), "BRISK_CURSOR_KEYS", "production-jar-it-key-0123456789");
    try (Jar app = Jar.start(JAR, List.of("-XX:+ExitOnOutOfMemoryError"), env, "--port", "0")) {
      int port = app.awaitListening();
      assertThat(status(port, "/health/ready")).as(app.output()).isEqualTo(200);
      assertThat(status(port, "/health/live")).isEqualTo(200);
      assertThat(status(port, "/api/products/1")).as(app.output()).isEqualTo(200);
      // The README's demo keys are refused in production (--demo-keys off by default there).
      HttpResponse<Void> demo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/orders/1"))
          .header("X-API-Key", "demo-internal").build(), HttpResponse.BodyHandlers.discarding());
      assertThat(demo.statusCode()).isEqualTo(401);
      assertThat(app.stop()).as("exit status after SIGTERM").isEqualTo(143);
      assertThat(app.output()).doesNotContain("Dev services:").contains("Shutting down")
          .contains("Stopped after");
    }
  }

  @Test
  void refuses_to_start_without_store_urls() throws Exception {
    try (Jar app = Jar.start(JAR, List.of(), Map.of(), "--port", "0")) {
      assertThat(app.waitForExit()).as(app.output()).isNotZero();
      assertThat(app.output()).contains("BRISK_PG_URL", "BRISK_REDIS_URL")
          .doesNotContain("Dev services:");
    }
  }

  /** The status of {@code path}, polling (up to a minute) while the app is not yet ready. */
  private static int status(int port, String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    while (status == 503 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
    return status;
  }
}
