package dev.brisk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code --help} prints: Brisk's options, then the app's own ({@link BriskApp#help}). */
final class Help {

  private static final String RESOURCE = "help.txt";
  private static final Pattern OPTION = Pattern.compile("(?m)^ {2}--([a-z][a-z0-9-]*)");

  private Help() {
  }

  /** Whether {@code args} ask for help ({@code --help} or {@code -h}) instead of a start. */
  static boolean requested(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /** The options (without dashes) a help text lists, one a line: {@code "  --port N ..."}. */
  static Set<String> options(String text) {
    Set<String> names = new HashSet<>();
    Matcher option = OPTION.matcher(text);
    while (option.find()) {
      names.add(option.group(1));
    }
    return names;
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
