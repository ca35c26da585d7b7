package dev.brisk.docs;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) for test failure messages. */
final class Diff {

  private static final int CONTEXT = 3;

  private Diff() {
  }

  /**
   * {@code a} turned into {@code b}: kept lines start with two spaces, removed ones with "- ",
   * added ones with "+ "; only lines near a change are shown.
   */
  static String lines(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        out.add("  " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.add("- " + a.get(i++));
      } else {
        out.add("+ " + b.get(j++));
      }
    }
    return String.join("\n", aroundChanges(out));
  }

  /** Keeps lines within {@link #CONTEXT} of a change; a gap shows as "  ...". */
  private static List<String> aroundChanges(List<String> lines) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      boolean near = false;
      for (int j = Math.max(0, i - CONTEXT); j <= Math.min(lines.size() - 1, i + CONTEXT); j++) {
        near |= !lines.get(j).startsWith("  ");
      }
      if (near) {
        kept.add(lines.get(i));
      } else if (kept.isEmpty() || !kept.get(kept.size() - 1).equals("  ...")) {
        kept.add("  ...");
      }
    }
    return kept;
  }
}
