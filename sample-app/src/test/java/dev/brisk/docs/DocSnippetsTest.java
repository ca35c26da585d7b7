package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block in README.md and docs/*.md is a copy of compiled code (see
 * {@link Snippets}); a block that differs from its source, or has none, fails with a diff naming
 * the markdown file and line.
 */
class DocSnippetsTest {

  @Test
  void every_java_block_in_the_docs_equals_its_compiled_source() throws IOException {
    Path root = Snippets.repoRoot();
    List<String> problems = new ArrayList<>();
    int blocks = 0;
    for (Path md : Snippets.markdownFiles(root)) {
      String name = root.relativize(md).toString();
      for (Snippets.Block block : Snippets.javaBlocks(name, Files.readAllLines(md), problems)) {
        blocks++;
        String difference = Snippets.compare(root, block);
        if (!difference.isEmpty()) {
          problems.add(difference);
        }
      }
    }
    assertThat(problems).as("docs out of date with their sources").isEmpty();
    // Guards the parser: the docs hold at least this many java blocks today.
    assertThat(blocks).isGreaterThanOrEqualTo(20);
  }

  @Test
  void every_options_table_lists_exactly_the_components_of_its_record() throws IOException {
    Path root = Snippets.repoRoot();
    List<String> problems = new ArrayList<>();
    Set<String> checked = new TreeSet<>();
    for (Path md : Snippets.markdownFiles(root)) {
      problems.addAll(OptionTables.check(root.relativize(md).toString(), Files.readAllLines(md),
          name -> OptionTables.recordIn(root, name).map(type -> {
            checked.add(name);
            return type;
          })));
    }
    assertThat(problems).as("options tables out of date with their records").isEmpty();
    // Guards the parser: the docs hold at least these tables today.
    assertThat(checked).contains("BatchEndpointOptions", "CursorOptions", "DbOptions",
        "DevServicesOptions", "ImportLimits", "PageOptions", "ReplicaOptions", "StreamOptions");
  }

  @Test
  void an_options_table_missing_a_component_or_naming_another_fails() {
    List<String> problems = OptionTables.check("docs/x.md", List.of("## Options (`Limits`)", "",
        "| option | default |", "|---|---|", "| `maxOpen` | 64 |", "| `retry.maxPerCaller` | 1 |",
        "| `colour` | red |", "", "| `Limits` | default |", "|---|---|",
        "| `maxOpen` / `maxPerCaller` | 64 / 16 |"),
        name -> name.equals("Limits") ? Optional.of(Limits.class) : Optional.empty());

    assertThat(problems).containsExactly("docs/x.md:3: the Limits table lacks exemptTier",
        "docs/x.md:3: the Limits table names colour, which it does not have",
        "docs/x.md:9: the Limits table lacks exemptTier");
  }

  /** A stand-in options record for the table checks. */
  record Limits(int maxOpen, int maxPerCaller, String exemptTier) {
  }

  @Test
  void a_changed_line_fails_with_a_diff_naming_file_and_line(@TempDir Path root)
      throws IOException {
    source(root, "class X {", "  // region body", "  int a = 1;", "  int b = 2;",
        "  // endregion body", "}");
    List<String> problems = new ArrayList<>();
    List<Snippets.Block> blocks = Snippets.javaBlocks("docs/x.md", List.of("Text",
        "<!-- snippet: X.java#body -->", "```java", "int a = 1;", "int b = 3;", "```"), problems);

    assertThat(problems).isEmpty();
    assertThat(Snippets.compare(root, blocks.get(0))).isEqualTo(
        "docs/x.md:5: java block differs from X.java#body (- docs, + source):\n"
            + "  int a = 1;\n- int b = 3;\n+ int b = 2;");
  }

  @Test
  void an_indented_block_equal_to_its_region_passes(@TempDir Path root) throws IOException {
    source(root, "class X {", "  void f() {", "    // region f", "    if (true) {",
        "      g();", "    }", "    // endregion f", "  }", "}");
    List<String> problems = new ArrayList<>();
    List<Snippets.Block> blocks = Snippets.javaBlocks("x.md", List.of("- item:",
        "  <!-- snippet: X.java#f -->", "  ```java", "  if (true) {", "    g();", "  }", "  ```"),
        problems);

    assertThat(problems).isEmpty();
    assertThat(Snippets.compare(root, blocks.get(0))).isEmpty();
  }

  @Test
  void a_java_block_without_a_marker_fails() {
    List<String> problems = new ArrayList<>();
    Snippets.javaBlocks("README.md", List.of("# Title", "", "```java", "int x;", "```",
        "```bash", "echo ok", "```"), problems);

    assertThat(problems).containsExactly("README.md:3: java block has no <!-- snippet: "
        + "path#region --> marker on the line before it");
  }

  @Test
  void a_missing_region_or_a_stray_marker_fails(@TempDir Path root) throws IOException {
    source(root, "class X {", "}");
    List<String> problems = new ArrayList<>();
    List<Snippets.Block> blocks = Snippets.javaBlocks("a.md", List.of(
        "<!-- snippet: X.java#gone -->", "```java", "class X {", "```",
        "<!-- snippet: X.java -->", "", "```java", "class X {", "}", "```"), problems);

    assertThat(Snippets.compare(root, blocks.get(0)))
        .isEqualTo("a.md:1: no '// region gone' in X.java#gone");
    assertThat(problems).containsExactly("a.md:5: snippet marker is not directly followed by a "
        + "```java block", "a.md:7: java block has no <!-- snippet: path#region --> marker on "
        + "the line before it");
  }

  private static void source(Path root, String... lines) throws IOException {
    Files.write(root.resolve("X.java"), List.of(lines));
  }
}
