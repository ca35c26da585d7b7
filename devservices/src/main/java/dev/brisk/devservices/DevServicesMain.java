package dev.brisk.devservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the dev services on their own, for several app instances to join: starts PostgreSQL,
 * Redis and the fake carrier, prints {@code Dev services: BRISK_PG_URL=... BRISK_REDIS_URL=...
 * BRISK_CURSOR_KEYS=...} (the variables to export for every instance) and stays up until
 * SIGTERM or Ctrl-C, which stops the stores.
 *
 * <p>{@code java -cp sample-app/target/brisk-sample-app.jar dev.brisk.devservices.DevServicesMain
 * [--env-file PATH] [--fast]}: {@code --env-file} also writes the variables as {@code KEY=value}
 * lines into a new file readable by this user only; {@code --fast} turns PostgreSQL's durability
 * off (benchmarks). Blocking; runs on the main thread.
 */
public final class DevServicesMain {

  private DevServicesMain() {
  }

  static final String USAGE = """
      Usage: DevServicesMain [--env-file PATH] [--fast]
        Starts throwaway PostgreSQL, Redis and a fake shipping carrier, prints their settings
        (BRISK_PG_URL=... BRISK_REDIS_URL=... BRISK_CARRIER_URL=... BRISK_CURSOR_KEYS=...) and
        runs until Ctrl-C or SIGTERM, which stops and deletes them.
        --env-file PATH  also write the settings to PATH, one KEY=value per line
        --fast           PostgreSQL without fsync (faster; data may not survive a crash)
        --help           this text
      """;

  /** Starts the stores and waits until the JVM is asked to stop; exits 1 if they cannot start. */
  public static void main(String[] args) throws InterruptedException {
    Path envFile = null;
    boolean fast = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--env-file") && i + 1 < args.length) {
        envFile = Path.of(args[++i]);
      } else if (args[i].equals("--fast")) {
        fast = true;
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.print(USAGE);
        return;
      } else {
        System.err.print("Unexpected '" + args[i] + "'\n" + USAGE);
        System.exit(2);
      }
    }
    DevServices dev;
    try {
      dev = DevServices.start(DevServicesOptions.defaults().withDurable(!fast).withCarrier(true));
      if (envFile != null) {
        writeEnv(envFile, dev.settings());
      }
    } catch (RuntimeException | IOException e) {
      System.err.println("Dev services failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println("Dev services: " + line(dev.settings()));
    System.out.println("Dev services ready; stop them with Ctrl-C or SIGTERM");
    // The options' shutdown hook stops the stores; this thread only keeps the JVM alive.
    new CountDownLatch(1).await();
  }

  /** {@code KEY=value} pairs separated by spaces, in the settings' order. */
  static String line(Map<String, String> settings) {
    StringJoiner line = new StringJoiner(" ");
    settings.forEach((k, v) -> line.add(k + "=" + v));
    return line.toString();
  }

  private static void writeEnv(Path file, Map<String, String> settings) throws IOException {
    StringBuilder text = new StringBuilder();
    settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.deleteIfExists(file);
    StateDirs.writePrivate(file, text.toString());
  }
}
