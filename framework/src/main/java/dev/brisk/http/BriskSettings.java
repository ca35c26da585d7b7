package dev.brisk.http;

import java.time.Duration;

/** Server settings read once from {@link BriskConfig}. */
record BriskSettings(String host, int port, int instances, Duration deadline, long maxBodyBytes,
    Duration drainTimeout, boolean accessLog, Duration longRunningDeadline) {

  static BriskSettings from(BriskConfig config) {
    return new BriskSettings(
        config.get("host", "0.0.0.0"),
        config.port(),
        config.getInt("instances", Runtime.getRuntime().availableProcessors()),
        config.getDuration("deadline", Duration.ofSeconds(5)),
        config.getInt("max-body-bytes", 1 << 20),
        config.getDuration("drain-timeout", Duration.ofSeconds(10)),
        accessLog(config.get("access-log", "off")),
        config.getDuration("long-running-deadline", Duration.ofHours(1)));
  }

  private static boolean accessLog(String mode) {
    return switch (mode) {
      case "json" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("access-log must be json or off, was '"
          + mode + "'");
    };
  }
}
