package dev.brisk.fields;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SQL select-list helpers shared by fields, embeds and projections. Stateless. */
final class Columns {
  static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private Columns() {
  }

  /** Qualifies a bare column name with the alias; other SQL is kept as declared. */
  static String qualify(String sql, String alias) {
    return IDENTIFIER.matcher(sql).matches() ? alias + "." + sql : sql;
  }

  /** The select-list item reading {@code sql} under the result column name {@code label}. */
  static String select(String sql, String label, String alias) {
    if (sql.equals(alias + "." + label) || sql.equals(label)) {
      return sql;
    }
    return sql + " AS " + label;
  }

  /** Matches {@code alias.} where it starts a qualified name, not inside another identifier. */
  static Pattern aliasPattern(String alias) {
    return Pattern.compile("(?<![A-Za-z0-9_.\"$])" + Pattern.quote(alias) + "\\.");
  }

  /** Rewrites {@code old.} qualifiers to {@code alias.}, or drops them when alias is empty. */
  static String realias(String sql, Pattern old, String alias) {
    String replacement = alias.isEmpty() ? "" : Matcher.quoteReplacement(alias + ".");
    return old.matcher(sql).replaceAll(replacement);
  }

  /** Throws unless {@code value} is a lower-case SQL/JSON identifier. */
  static String requireIdentifier(String what, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must match " + IDENTIFIER.pattern() + ", was " + value);
    }
    return value;
  }
}
