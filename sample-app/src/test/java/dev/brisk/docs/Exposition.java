package dev.brisk.docs;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text scrape by sample name ({@code _bucket}, {@code _count}, {@code _sum} as
 * written): for each name, its label names and the values each label takes.
 */
final class Exposition {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+(?:\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  private final Map<String, Map<String, Set<String>>> series = new TreeMap<>();

  private Exposition(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, Set<String>> labels = series.computeIfAbsent(sample.group(1),
          n -> new TreeMap<>());
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.computeIfAbsent(label.group(1), l -> new TreeSet<>()).add(label.group(2));
        }
      }
    }
  }

  static Exposition parse(String text) {
    return new Exposition(text);
  }

  boolean has(String name) {
    return series.containsKey(name);
  }

  /** The label names of {@code name}'s samples; empty for an unknown name. */
  Set<String> labels(String name) {
    return series.getOrDefault(name, Map.of()).keySet();
  }

  /** The values {@code label} takes on {@code name}'s samples. */
  Set<String> values(String name, String label) {
    return series.getOrDefault(name, Map.of()).getOrDefault(label, Set.of());
  }
}
