package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DevServicesMainTest {

  @Test
  void help_prints_the_options_and_starts_nothing() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      DevServicesMain.main(new String[] {"--help"});
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(DevServicesMain.USAGE)
        .contains("--env-file PATH", "--fast", "--help").doesNotContain("Dev services ready");
  }
}
