package dev.brisk.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every {@code ```java} block of the docs is a copy of compiled code. A block is
 * preceded by a marker naming its source, relative to the repository root:
 * {@code <!-- snippet: sample-app/src/test/java/dev/brisk/docs/HelloApp.java -->} for a whole
 * file, or {@code <!-- snippet: path/X.java#name -->} for the lines between
 * {@code // region name} and {@code // endregion name} in that file. Region marker lines never
 * appear in a snippet, so regions may nest or overlap; common indentation is stripped from both
 * sides before they are compared exactly.
 */
final class Snippets {

  private static final Pattern MARKER = Pattern.compile("^\\s*<!-- snippet: (\\S+?) -->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\S*).*$");
  private static final Pattern REGION = Pattern.compile("^\\s*// (end)?region (\\S+)\\s*$");

  private Snippets() {
  }

  /** The repository root: the nearest directory up from here holding README.md and docs/. */
  static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md with a docs/ folder above "
        + Path.of("").toAbsolutePath());
  }

  /** README.md, then docs/*.md by name. */
  static List<Path> markdownFiles(Path root) {
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A fenced java block: where it starts (1-based line of its first code line) and its lines. */
  record Block(String file, int line, String source, List<String> lines) {
  }

  /**
   * The java blocks of one markdown file; {@code problems} collects java blocks without a marker
   * and markers that are not followed by a java block.
   */
  static List<Block> javaBlocks(String file, List<String> md, List<String> problems) {
    List<Block> blocks = new ArrayList<>();
    String marker = null;
    int markerLine = 0;
    for (int i = 0; i < md.size(); i++) {
      Matcher m = MARKER.matcher(md.get(i));
      Matcher fence = FENCE.matcher(md.get(i));
      if (m.matches()) {
        marker = m.group(1);
        markerLine = i + 1;
      } else if (fence.matches()) {
        int end = closingFence(md, i + 1, fence.group(1));
        String problem = fenceProblem(file, fence.group(2), i + 1, marker, markerLine);
        if (problem != null) {
          problems.add(problem);
        } else if (marker != null) {
          blocks.add(new Block(file, i + 2, marker, unindent(md.subList(i + 1, end),
              fence.group(1).length())));
        }
        marker = null;
        i = end;
      } else if (marker != null) {
        problems.add(file + ":" + markerLine + ": snippet marker is not directly followed by a "
            + "```java block");
        marker = null;
      }
    }
    return blocks;
  }

  private static String fenceProblem(String file, String language, int fenceLine, String marker,
      int markerLine) {
    boolean java = language.equals("java");
    if (java && marker == null) {
      return file + ":" + fenceLine + ": java block has no <!-- snippet: path#region --> marker"
          + " on the line before it";
    }
    if (!java && marker != null) {
      return file + ":" + markerLine + ": snippet marker is followed by a '" + language
          + "' block, not a java block";
    }
    return null;
  }

  private static int closingFence(List<String> md, int from, String indent) {
    for (int i = from; i < md.size(); i++) {
      if (md.get(i).equals(indent + "```")) {
        return i;
      }
    }
    throw new IllegalArgumentException("code block opened on line " + from + " is never closed");
  }

  private static List<String> unindent(List<String> lines, int width) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(line.length() >= width && line.substring(0, width).isBlank()
          ? line.substring(width) : line.strip());
    }
    return out;
  }

  /**
   * The lines a marker names ({@code path} or {@code path#region}), without region marker lines
   * and common indentation.
   */
  static List<String> source(Path root, String reference) {
    int hash = reference.indexOf('#');
    Path file = root.resolve(hash < 0 ? reference : reference.substring(0, hash));
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + root.relativize(file));
    }
    try {
      List<String> lines = Files.readAllLines(file);
      return dedent(hash < 0 ? withoutRegionMarkers(lines)
          : region(lines, reference.substring(hash + 1), reference));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> withoutRegionMarkers(List<String> lines) {
    return lines.stream().filter(line -> !REGION.matcher(line).matches()).toList();
  }

  private static List<String> region(List<String> lines, String name, String reference) {
    List<String> out = new ArrayList<>();
    int depth = -1;
    for (String line : lines) {
      Matcher m = REGION.matcher(line);
      if (m.matches() && m.group(2).equals(name)) {
        if (m.group(1) == null && depth < 0) {
          depth = 0;
        } else if (m.group(1) != null && depth == 0) {
          return out;
        }
      } else if (depth == 0 && !m.matches()) {
        out.add(line);
      }
    }
    throw new IllegalArgumentException(depth < 0 ? "no '// region " + name + "' in " + reference
        : "'// region " + name + "' is never closed by '// endregion " + name + "'");
  }

  /** The lines without their common leading whitespace (blank lines ignored and emptied). */
  static List<String> dedent(List<String> lines) {
    int common = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        common = Math.min(common, line.length() - line.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(common));
    }
    return out;
  }

  /** Compares a block with its source; empty when equal, else a diff naming file and line. */
  static String compare(Path root, Block block) {
    List<String> expected;
    try {
      expected = source(root, block.source());
    } catch (IllegalArgumentException e) {
      return block.file() + ":" + (block.line() - 2) + ": " + e.getMessage();
    }
    List<String> actual = dedent(block.lines());
    if (actual.equals(expected)) {
      return "";
    }
    int first = 0;
    while (first < actual.size() && first < expected.size()
        && actual.get(first).equals(expected.get(first))) {
      first++;
    }
    return block.file() + ":" + (block.line() + first) + ": java block differs from "
        + block.source() + " (- docs, + source):\n" + Diff.lines(actual, expected);
  }
}
