package dev.brisk.fields;

import dev.brisk.problem.Problem;

/**
 * Recursive-descent parser for {@code fields} expressions, validating names against the resource
 * as it goes. Grammar (whitespace allowed around every token):
 *
 * <pre>
 * list := item (',' item)*
 * item := '*' | name ( '.' item | '(' list ')' )?
 * name := [A-Za-z0-9_]+
 * </pre>
 *
 * <p>One instance per parse; not thread-safe. Recursion is bounded by the depth limit.
 */
final class MaskParser {
  private final String input;
  private final int length;
  private final int maxDepth;
  private final String[] path;
  private int pos;

  private MaskParser(String input, FieldMaskOptions options) {
    this.input = input;
    this.length = input.length();
    this.maxDepth = options.maxDepth();
    this.path = new String[options.maxDepth() + 1];
  }

  static FieldMask parse(Resource resource, String input, FieldMaskOptions options) {
    int bytes = utf8Length(input, options.maxBytes());
    if (bytes > options.maxBytes()) {
      throw problem("fields is longer than the limit of " + options.maxBytes() + " bytes");
    }
    if (input.isBlank()) {
      throw problem("fields is empty; name at least one field or omit the parameter");
    }
    MaskParser parser = new MaskParser(input, options);
    MaskNode root = new MaskNode(resource);
    parser.parseList(root, 0);
    if (parser.pos < parser.length) {
      throw parser.input.charAt(parser.pos) == ')'
          ? problem("unbalanced parentheses: ')' at position " + (parser.pos + 1)
              + " has no matching '('")
          : parser.unexpected();
    }
    return root.freeze();
  }

  private void parseList(MaskNode node, int depth) {
    while (true) {
      parseItem(node, depth);
      skipWhitespace();
      if (pos == length || input.charAt(pos) == ')') {
        return;
      }
      if (input.charAt(pos) != ',') {
        throw unexpected();
      }
      pos++;
    }
  }

  private void parseItem(MaskNode node, int depth) {
    skipWhitespace();
    if (pos < length && input.charAt(pos) == '*') {
      pos++;
      node.addDefaults();
      skipWhitespace();
      if (pos < length && (input.charAt(pos) == '.' || input.charAt(pos) == '(')) {
        throw problem("'*' cannot have sub-fields (position " + (pos + 1) + ")");
      }
      return;
    }
    int position = parseName(node, depth);
    skipWhitespace();
    char next = pos < length ? input.charAt(pos) : ' ';
    if (next != '.' && next != '(') {
      node.select(position);
      return;
    }
    MaskNode sub = enter(node, position, depth);
    int open = pos++;
    if (next == '.') {
      parseItem(sub, depth + 1);
      return;
    }
    parseList(sub, depth + 1);
    if (pos == length) {
      throw problem("unbalanced parentheses: '(' at position " + (open + 1) + " is never closed");
    }
    pos++;
  }

  /** Reads a member name and returns its declaration position. */
  private int parseName(MaskNode node, int depth) {
    int start = pos;
    while (pos < length && isNameChar(input.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw pos == length
          ? problem("expected a field name at position " + (pos + 1) + " (end of input)")
          : isPunctuation(input.charAt(pos))
              ? problem("empty field name at position " + (pos + 1))
              : unexpected();
    }
    if (pos < length && !isPunctuation(input.charAt(pos)) && !isWhitespace(input.charAt(pos))) {
      throw unexpected();
    }
    path[depth] = input.substring(start, pos);
    int position = node.resource().position(path[depth]);
    if (position < 0) {
      throw problem("unknown field '" + path(depth) + "' at position " + (start + 1)
          + "; known fields here: " + node.resource().memberNames());
    }
    return position;
  }

  private MaskNode enter(MaskNode node, int position, int depth) {
    if (!(node.resource().memberAt(position) instanceof Embed embed)) {
      throw problem("'" + path(depth) + "' is a field, not an embedded resource, so it has no"
          + " sub-fields (position " + (pos + 1) + ")");
    }
    if (depth + 1 > maxDepth) {
      throw problem("fields nest deeper than " + maxDepth + " levels at position " + (pos + 1));
    }
    return node.embed(embed);
  }

  private String path(int depth) {
    StringBuilder dotted = new StringBuilder(path[0]);
    for (int i = 1; i <= depth; i++) {
      dotted.append('.').append(path[i]);
    }
    return dotted.toString();
  }

  private void skipWhitespace() {
    while (pos < length && isWhitespace(input.charAt(pos))) {
      pos++;
    }
  }

  private Problem unexpected() {
    // A whole code point: an emoji is U+1F600, not the first half of its surrogate pair.
    int c = input.codePointAt(pos);
    String shown = c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
    return problem("unexpected character " + shown + " at position " + (pos + 1));
  }

  private static Problem problem(String detail) {
    return Problem.invalidParameter("fields", detail);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isPunctuation(char c) {
    return c == ',' || c == '(' || c == ')' || c == '.';
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** UTF-8 length of {@code s}, or any value above {@code limit} once it is certainly exceeded. */
  private static int utf8Length(String s, int limit) {
    if (s.length() > limit) {
      return s.length();
    }
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
