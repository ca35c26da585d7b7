package dev.brisk.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression reads: its series selectors and the label lists it groups or matches
 * on, each with the metrics it applies to. Enough PromQL for the repository's rules and panels;
 * anything else (a bare {@code {...}} selector, Grafana's {@code $variables}) fails loudly rather
 * than being skipped.
 */
final class PromQl {

  /** {@code label op "value"} inside a selector's braces. */
  record LabelMatcher(String label, String op, String value) {
  }

  /** {@code metric{matchers}}. */
  record Selector(String metric, List<LabelMatcher> matchers) {
  }

  /** {@code by|without|on|ignoring (labels)} and the metrics of the expression it applies to. */
  record Grouping(String keyword, List<String> labels, Set<String> metrics) {
  }

  private static final Pattern TOKEN = Pattern.compile("\\s*(?:"
      + "(?<string>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')"
      + "|(?<number>[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
      + "|(?<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)"
      + "|(?<op>=~|!~|!=|==|>=|<=|[-+*/%^=<>,(){}\\[\\]]))");
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group",
      "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile");
  private static final Set<String> GROUPINGS = Set.of("by", "without", "on", "ignoring",
      "group_left", "group_right");
  private static final Set<String> MATCH_OPS = Set.of("=", "!=", "=~", "!~");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

  private final List<String> tokens;
  private final List<Selector> selectors = new ArrayList<>();
  private final List<Grouping> groupings = new ArrayList<>();

  private PromQl(String expr) {
    this.tokens = tokenize(expr);
    parse();
  }

  /** Parses one expression. */
  static PromQl parse(String expr) {
    return new PromQl(expr);
  }

  List<Selector> selectors() {
    return selectors;
  }

  List<Grouping> groupings() {
    return groupings;
  }

  private static List<String> tokenize(String expr) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(expr);
    int at = 0;
    while (at < expr.length() && !expr.substring(at).isBlank()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("unsupported PromQL at '" + expr.substring(at).strip()
            + "' in: " + expr);
      }
      tokens.add(m.group().strip());
      at = m.end();
    }
    return tokens;
  }

  private void parse() {
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.equals("[")) {
        i = close(i, "[", "]");
      } else if (t.equals("{")) {
        throw new IllegalArgumentException("selector without a metric name: " + tokens);
      } else if (GROUPINGS.contains(t)) {
        i = grouping(i);
      } else if (isIdent(t) && !KEYWORDS.contains(t) && !AGGREGATIONS.contains(t)
          && !next(i).equals("(")) {
        i = selector(i);
      }
    }
  }

  /** Reads {@code metric{...}} at {@code i}; returns the index of its last token. */
  private int selector(int i) {
    List<LabelMatcher> matchers = new ArrayList<>();
    int end = i;
    if (next(i).equals("{")) {
      end = close(i + 1, "{", "}");
      for (int j = i + 2; j < end; j += 4) {
        List<String> m = tokens.subList(j, Math.min(j + 3, end));
        if (m.size() < 3 || !isIdent(m.get(0)) || !MATCH_OPS.contains(m.get(1))
            || !m.get(2).startsWith("\"") && !m.get(2).startsWith("'")) {
          throw new IllegalArgumentException("unsupported matcher " + m + " in " + tokens);
        }
        matchers.add(new LabelMatcher(m.get(0), m.get(1),
            m.get(2).substring(1, m.get(2).length() - 1)));
      }
    }
    selectors.add(new Selector(tokens.get(i), matchers));
    return end;
  }

  /** Reads {@code by (a, b)} at {@code i}; returns the index of its closing parenthesis. */
  private int grouping(int i) {
    String keyword = tokens.get(i);
    if (!next(i).equals("(")) {
      return i; // group_left / group_right without labels
    }
    int end = close(i + 1, "(", ")");
    List<String> labels = tokens.subList(i + 2, end).stream().filter(l -> !l.equals(","))
        .toList();
    int from = 0;
    int to = tokens.size();
    String before = i > 0 ? tokens.get(i - 1) : "";
    if ((keyword.equals("by") || keyword.equals("without")) && AGGREGATIONS.contains(before)) {
      from = end + 1;
      to = close(from, "(", ")");
    } else if ((keyword.equals("by") || keyword.equals("without")) && before.equals(")")) {
      to = i - 1;
      from = open(to);
    }
    Set<String> metrics = new LinkedHashSet<>();
    PromQl scope = new PromQl(String.join(" ", withoutGroupings(tokens.subList(from, to))));
    scope.selectors.forEach(s -> metrics.add(s.metric()));
    groupings.add(new Grouping(keyword, List.copyOf(labels), metrics));
    return end;
  }

  /** The tokens with every label list removed, so a nested scope parses its selectors only. */
  private static List<String> withoutGroupings(List<String> tokens) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (GROUPINGS.contains(tokens.get(i)) && i + 1 < tokens.size()
          && tokens.get(i + 1).equals("(")) {
        i = tokens.subList(i + 1, tokens.size()).indexOf(")") + i + 1;
      } else {
        out.add(tokens.get(i));
      }
    }
    return out;
  }

  private int close(int openAt, String open, String close) {
    int depth = 0;
    for (int j = openAt; j < tokens.size(); j++) {
      depth += tokens.get(j).equals(open) ? 1 : tokens.get(j).equals(close) ? -1 : 0;
      if (depth == 0) {
        return j;
      }
    }
    throw new IllegalArgumentException("unbalanced " + open + " in " + tokens);
  }

  private int open(int closeAt) {
    int depth = 0;
    for (int j = closeAt; j >= 0; j--) {
      depth += tokens.get(j).equals(")") ? 1 : tokens.get(j).equals("(") ? -1 : 0;
      if (depth == 0) {
        return j;
      }
    }
    throw new IllegalArgumentException("unbalanced ) in " + tokens);
  }

  private String next(int i) {
    return i + 1 < tokens.size() ? tokens.get(i + 1) : "";
  }

  private static boolean isIdent(String t) {
    return Character.isLetter(t.charAt(0)) || t.charAt(0) == '_' || t.charAt(0) == ':';
  }
}
