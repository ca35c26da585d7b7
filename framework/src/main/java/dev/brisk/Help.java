package dev.brisk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** What {@code --help} prints: Brisk's options, then the app's own ({@link BriskApp#help}). */
final class Help {

  private static final String RESOURCE = "help.txt";

  private Help() {
  }

  /** Whether {@code args} ask for help ({@code --help} or {@code -h}) instead of a start. */
  static boolean requested(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /** Brisk's options followed by {@code appHelp} when it has any. */
  static String text(String appHelp) {
    try (InputStream in = Objects.requireNonNull(Help.class.getResourceAsStream(RESOURCE),
        RESOURCE)) {
      String brisk = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return appHelp == null || appHelp.isBlank() ? brisk
          : brisk + "\n" + appHelp.stripTrailing() + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
