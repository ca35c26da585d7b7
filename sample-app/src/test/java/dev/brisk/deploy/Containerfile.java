package dev.brisk.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * deploy/Containerfile as instructions grouped by stage (continuation lines joined, comments
 * dropped), enough to check its structure where no image can be built. Test threads only.
 *
 * @param preamble instructions before the first FROM (global ARGs)
 * @param stages each stage's instructions, its FROM first
 */
record Containerfile(List<Instruction> preamble, List<List<Instruction>> stages) {

  /** One instruction: the upper-case keyword and the rest of its (joined) line. */
  record Instruction(String keyword, String args) {
  }

  /** Reads deploy/Containerfile. */
  static Containerfile read() {
    try {
      return parse(Files.readAllLines(Manifests.deployDir().resolve("Containerfile")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Containerfile parse(List<String> lines) {
    List<Instruction> preamble = new ArrayList<>();
    List<List<Instruction>> stages = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : lines) {
      String trimmed = raw.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && line.length() == 0)) {
        continue;
      }
      boolean continued = trimmed.endsWith("\\");
      line.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continued) {
        Instruction i = instruction(line.toString().strip());
        if (i.keyword().equals("FROM")) {
          stages.add(new ArrayList<>());
        }
        (stages.isEmpty() ? preamble : stages.get(stages.size() - 1)).add(i);
        line.setLength(0);
      }
    }
    return new Containerfile(preamble, stages);
  }

  /** The last stage: what the image is. */
  List<Instruction> runtime() {
    return stages.get(stages.size() - 1);
  }

  /** The runtime stage's only instruction with this keyword; fails if there are none or more. */
  String runtime(String keyword) {
    List<String> found = runtime().stream().filter(i -> i.keyword().equals(keyword))
        .map(Instruction::args).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + keyword + " in the runtime stage, found "
          + found);
    }
    return found.get(0);
  }

  /** The runtime stage's USER. */
  String user() {
    return runtime("USER");
  }

  private static Instruction instruction(String line) {
    int space = line.indexOf(' ');
    String keyword = space < 0 ? line : line.substring(0, space);
    return new Instruction(keyword.toUpperCase(Locale.ROOT),
        space < 0 ? "" : line.substring(space + 1).strip());
  }
}
