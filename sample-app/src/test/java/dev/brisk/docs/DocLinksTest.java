package dev.brisk.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of README.md and docs/*.md names an existing file and heading, and
 * docs/index.md links every page.
 */
class DocLinksTest {

  @Test
  void every_relative_link_in_the_docs_resolves() {
    Path root = Snippets.repoRoot();
    List<String> problems = new ArrayList<>();
    int links = 0;
    int anchored = 0;
    for (Path md : Snippets.markdownFiles(root)) {
      DocLinks.Result result = DocLinks.check(root, md);
      problems.addAll(result.problems());
      links += result.links();
      anchored += result.anchored();
    }
    assertThat(problems).as("broken links in the docs").isEmpty();
    // Guards the parser: the docs hold at least this many relative links today.
    assertThat(links).isGreaterThanOrEqualTo(300);
    assertThat(anchored).isGreaterThanOrEqualTo(100);
  }

  @Test
  void the_index_links_every_page() throws IOException {
    Path root = Snippets.repoRoot();
    String index = Files.readString(root.resolve("docs/index.md"));
    List<String> missing = Snippets.markdownFiles(root).stream()
        .filter(md -> md.getParent().endsWith("docs"))
        .map(md -> md.getFileName().toString())
        .filter(page -> !page.equals("index.md") && !index.contains("](" + page))
        .toList();
    assertThat(missing).as("pages docs/index.md does not link").isEmpty();
  }

  @Test
  void anchors_follow_githubs_rules() {
    assertThat(DocLinks.anchors(List.of("# Caching: conditional requests, Cache-Control",
        "## Conditional writes: `CachedWrites`", "## Options and defaults (`PageOptions`)",
        "## Configuration: `BRISK_CURSOR_KEYS` is required", "### Meters", "### Meters",
        "## See [throttling](throttling.md)", "```bash", "# a comment, not a heading", "```")))
        .containsExactlyInAnyOrder("caching-conditional-requests-cache-control",
            "conditional-writes-cachedwrites", "options-and-defaults-pageoptions",
            "configuration-brisk_cursor_keys-is-required", "meters", "meters-1",
            "see-throttling");
  }

  @Test
  void a_missing_file_or_heading_fails_naming_file_and_line(@TempDir Path root)
      throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.write(root.resolve("docs/b.md"), List.of("# B", "## Options"));
    Path a = Files.write(root.resolve("docs/a.md"), List.of("# A",
        "[ok](b.md#options), [ok](#a), [web](https://example.com/x.md#y), `[code](c.md)`",
        "[gone](c.md) and [typo](b.md#option)", "```", "[fenced](d.md)", "```",
        "[self](#nowhere)"));

    DocLinks.Result result = DocLinks.check(root, a);

    assertThat(result.problems()).containsExactly("docs/a.md:3: link c.md: no file docs/c.md",
        "docs/a.md:3: link b.md#option: no heading with anchor 'option' in docs/b.md",
        "docs/a.md:7: link #nowhere: no heading with anchor 'nowhere' in docs/a.md");
    assertThat(result.links()).isEqualTo(5);
  }
}
