package dev.brisk.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that an options table of the docs names every component of its options record, and
 * nothing else. A table is an options table when its first header cell is a record's name
 * ({@code | `DbOptions` | default |}), or when it is {@code option} under a heading naming the
 * record ({@code ## Options (`DevServicesOptions`)}). A row names components by the code spans of
 * its first cell; {@code breaker.window} names {@code window}.
 */
final class OptionTables {

  private static final Pattern NAME = Pattern.compile("`(\\w+)`");
  private static final Pattern CODE = Pattern.compile("`([\\w.]+)`");
  private static final Pattern SEPARATOR = Pattern.compile("^\\|[-| :]+\\|\\s*$");

  private OptionTables() {
  }

  /** The problems of the options tables of one markdown file, each naming file and line. */
  static List<String> check(String file, List<String> md,
      Function<String, Optional<Class<?>>> records) {
    List<String> problems = new ArrayList<>();
    String heading = "";
    boolean fenced = false;
    for (int i = 0; i + 1 < md.size(); i++) {
      String line = md.get(i);
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.startsWith("#")) {
        heading = line;
      } else if (!fenced && line.startsWith("|") && SEPARATOR.matcher(md.get(i + 1)).matches()) {
        Optional<Class<?>> record = record(firstCell(line), heading, records);
        if (record.isPresent()) {
          problems.addAll(compare(file, i + 1, record.get(), rows(md, i + 2)));
        }
      }
    }
    return problems;
  }

  /** Resolves a simple name to a record declared under a module's {@code src/main/java}. */
  static Optional<Class<?>> recordIn(Path root, String simpleName) {
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.toList()) {
        Path java = module.resolve("src/main/java");
        if (!Files.isDirectory(java)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(java)) {
          Optional<Path> source = files
              .filter(p -> p.getFileName().toString().equals(simpleName + ".java")).findFirst();
          if (source.isPresent()) {
            String name = java.relativize(source.get()).toString().replace('/', '.');
            Class<?> type = Class.forName(name.substring(0, name.length() - ".java".length()));
            return type.isRecord() ? Optional.of(type) : Optional.empty();
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("a source without its class: " + simpleName, e);
    }
  }

  private static Optional<Class<?>> record(String header, String heading,
      Function<String, Optional<Class<?>>> records) {
    Matcher own = NAME.matcher(header);
    if (own.matches()) {
      return records.apply(own.group(1));
    }
    Matcher named = NAME.matcher(heading);
    if (header.equalsIgnoreCase("option") && named.find()) {
      return records.apply(named.group(1));
    }
    return Optional.empty();
  }

  /** The names in the first cells of the table's rows, from {@code from} on. */
  private static Set<String> rows(List<String> md, int from) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = from; i < md.size() && md.get(i).startsWith("|"); i++) {
      Matcher m = CODE.matcher(firstCell(md.get(i)));
      while (m.find()) {
        String name = m.group(1);
        names.add(name.substring(name.lastIndexOf('.') + 1));
      }
    }
    return names;
  }

  private static List<String> compare(String file, int line, Class<?> record, Set<String> rows) {
    List<String> components = Arrays.stream(record.getRecordComponents())
        .map(RecordComponent::getName).toList();
    List<String> missing = components.stream().filter(c -> !rows.contains(c)).toList();
    List<String> unknown = rows.stream().filter(r -> !components.contains(r)).toList();
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add(file + ":" + line + ": the " + record.getSimpleName() + " table lacks "
          + String.join(", ", missing));
    }
    if (!unknown.isEmpty()) {
      problems.add(file + ":" + line + ": the " + record.getSimpleName() + " table names "
          + String.join(", ", unknown) + ", which it does not have");
    }
    return problems;
  }

  private static String firstCell(String row) {
    String[] cells = row.split("\\|", -1);
    return cells.length > 1 ? cells[1].strip() : "";
  }
}
