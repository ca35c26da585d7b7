package dev.brisk.testing;

import dev.brisk.devservices.DevServices;
import dev.brisk.http.Brisk;
import dev.brisk.http.BriskApp;
import dev.brisk.http.BriskConfig;
import dev.brisk.http.RunningBrisk;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts small Brisk apps for framework tests on the JVM's shared dev services (real PostgreSQL
 * and Redis), on a free loopback port with one verticle. Test threads only.
 */
public final class TestApps {

  private TestApps() {
  }

  /** Starts {@code app} with these extra settings (e.g. {@code deadline}) and waits. */
  public static RunningBrisk start(Map<String, String> settings, BriskApp app) {
    DevServices dev = DevServices.shared();
    Map<String, String> all = new HashMap<>(Map.of("pg-url", dev.pgUrl(),
        "redis-url", dev.redisUrl(), "port", Integer.toString(freePort()),
        "host", "127.0.0.1", "instances", "1"));
    all.putAll(settings);
    return await(Brisk.start(BriskConfig.of(all), () -> app));
  }

  /** Waits up to a minute for {@code future} on a test thread. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
