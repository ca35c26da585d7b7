package dev.brisk;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup checks of how the JVM was launched. An {@code OutOfMemoryError} leaves a JVM running
 * but unable to serve (requests hang, shutdown hooks may never finish), so production should run
 * with {@code -XX:+ExitOnOutOfMemoryError}; {@link Brisk#run} warns when it is missing.
 */
final class JvmChecks {

  private static final Logger LOG = LoggerFactory.getLogger(JvmChecks.class);

  private JvmChecks() {
  }

  /** Whether an OutOfMemoryError ends the process ({@code Exit-} or {@code CrashOnOutOfMemory}). */
  static boolean exitsOnOutOfMemory() {
    try {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotspot != null && (isOn(hotspot, "ExitOnOutOfMemoryError")
          || isOn(hotspot, "CrashOnOutOfMemoryError"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isOn(HotSpotDiagnosticMXBean hotspot, String option) {
    return Boolean.parseBoolean(hotspot.getVMOption(option).getValue());
  }

  static void warnUnlessExitOnOutOfMemory() {
    if (!exitsOnOutOfMemory()) {
      LOG.warn("The JVM runs without -XX:+ExitOnOutOfMemoryError: an OutOfMemoryError would "
          + "leave a process that answers nothing. Run with "
          + "JAVA_TOOL_OPTIONS=-XX:+ExitOnOutOfMemoryError (see docs/operations.md)");
    }
  }
}
