package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/** A failed start is reported once: in the log, or on stderr when nothing logs errors. */
class StartupFailureTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stderr = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void a_logger_that_logs_errors_is_the_only_report() {
    Brisk.reportStartupFailure(LoggerFactory.getLogger(StartupFailureTest.class), stderr,
        "--env (BRISK_ENV) must be development or production, was 'bogus'", null);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void without_a_logger_the_failure_goes_to_stderr() {
    Brisk.reportStartupFailure(NOPLogger.NOP_LOGGER, stderr, "port in use",
        new IllegalStateException("boom"));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .startsWith("Brisk failed to start: port in use\n")
        .contains("java.lang.IllegalStateException: boom");
  }
}
