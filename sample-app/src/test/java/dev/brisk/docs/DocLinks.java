package dev.brisk.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the relative links of the docs: {@code [text](file.md#anchor)} must name an existing
 * file and, for a markdown file, one of its headings as GitHub anchors it (lowercase, punctuation
 * dropped, spaces to {@code -}, a repeated heading {@code -1}, {@code -2}, ...). Links with a
 * scheme ({@code https:}) and text in code spans or fenced blocks are left alone.
 */
final class DocLinks {

  private static final Pattern FENCE = Pattern.compile("^\\s*```.*$");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern NOT_IN_ANCHOR = Pattern.compile("[^\\p{L}\\p{N}\\s_-]");

  private DocLinks() {
  }

  /** The result of checking one file: its relative links and anchored links, and the problems. */
  record Result(int links, int anchored, List<String> problems) {
  }

  /**
   * The broken links of {@code md} (a file under {@code root}), each named by file and line:
   * {@code docs/a.md:12: link b.md#c: no heading with anchor 'c' in docs/b.md}.
   */
  static Result check(Path root, Path md) {
    String name = root.relativize(md).toString();
    List<String> problems = new ArrayList<>();
    int links = 0;
    int anchored = 0;
    Map<Path, Set<String>> anchorsByFile = new HashMap<>();
    List<String> lines = read(md);
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      if (FENCE.matcher(lines.get(i)).matches()) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher link = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
      while (link.find()) {
        String target = link.group(1);
        if (SCHEME.matcher(target).find()) {
          continue;
        }
        links++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path path = file.isEmpty() ? md : md.getParent().resolve(file).normalize();
        String where = name + ":" + (i + 1) + ": link " + target + ": ";
        if (!Files.exists(path)) {
          problems.add(where + "no file " + root.relativize(path));
        } else if (hash >= 0 && path.toString().endsWith(".md")) {
          anchored++;
          String anchor = target.substring(hash + 1);
          if (!anchorsByFile.computeIfAbsent(path, p -> anchors(read(p))).contains(anchor)) {
            problems.add(where + "no heading with anchor '" + anchor + "' in "
                + root.relativize(path));
          }
        }
      }
    }
    return new Result(links, anchored, problems);
  }

  /** The anchors GitHub gives the headings of a markdown file (those outside fenced blocks). */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (FENCE.matcher(line).matches()) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (!fenced && heading.matches()) {
        String text = INLINE_LINK.matcher(heading.group(1)).replaceAll("$1");
        String slug = NOT_IN_ANCHOR.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("")
            .replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
