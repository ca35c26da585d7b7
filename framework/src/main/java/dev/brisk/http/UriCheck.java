package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Rejects request targets before routing: characters a URI never holds unencoded (controls,
 * space, DEL, {@code "}, {@code <}, {@code >} and anything beyond ASCII), percent-encoding that
 * is malformed ({@code %zz}, a cut {@code %4}) or does not decode to UTF-8 anywhere in the path
 * or query, C0 control characters in the decoded path or query, and an unencoded {@code ;} in
 * the query. Each is a 400 naming the part (and, in the query, the parameter), so no route,
 * parser, SQL statement, log line or response header ({@code Link} repeats the path) ever sees
 * such input. Pure; a target without
 * {@code %} costs one scan.
 */
final class UriCheck {

  private UriCheck() {
  }

  /** The problem with the request's target, or null when it is well formed. */
  static Problem check(HttpServerRequest request) {
    String problem = check(request.path());
    if (problem != null) {
      return Problem.badRequest("The request path " + problem);
    }
    String query = request.query();
    problem = query == null ? null : check(query);
    if (problem == null && query != null && query.indexOf(';') >= 0) {
      // vertx-web's decoder splits at ';' as at '&': "q=a;limit=5" would be two parameters to
      // Brisk and one to a cache or proxy that keys on parameters (parameter cloaking).
      problem = "has an unencoded ';' at index " + query.indexOf(';') + ": parameters are "
          + "separated by '&', and a ';' in a value is written %3B";
    }
    return problem == null ? null
        : Problem.badRequest("The query string " + problem + parameterOf(query));
  }

  /**
   * {@code " (in parameter 'name')"} for the first parameter of {@code query} that is malformed,
   * so the client learns which of its values to fix; empty when its name is malformed itself.
   */
  private static String parameterOf(String query) {
    for (String piece : query.split("&")) {
      if (check(piece) == null) {
        continue;
      }
      int eq = piece.indexOf('=');
      String name = eq < 0 ? piece : piece.substring(0, eq);
      if (name.isEmpty() || name.length() > 64 || check(name) != null) {
        return "";
      }
      return " (in parameter '" + URLDecoder.decode(name, StandardCharsets.UTF_8) + "')";
    }
    return "";
  }

  /** Why {@code raw} (a path or query, still encoded) is malformed, or null. */
  static String check(String raw) {
    if (raw == null) {
      return null;
    }
    boolean encoded = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        encoded = true;
      } else if (c <= ' ' || c >= 0x7F || c == '"' || c == '<' || c == '>') {
        return "contains " + Validation.codePoint(c) + " at index " + i + ", which a URI only "
            + "holds percent-encoded";
      }
    }
    if (!encoded) {
      return null;
    }
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes[n++] = (byte) c;
        continue;
      }
      int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        return "has malformed percent-encoding at index " + i
            + " ('%' must be followed by two hex digits)";
      }
      bytes[n++] = (byte) (hi << 4 | lo);
      i += 2;
    }
    return decoded(bytes, n);
  }

  private static String decoded(byte[] bytes, int n) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
    } catch (CharacterCodingException e) {
      return "is percent-encoded but does not decode to UTF-8";
    }
    int control = Validation.controlAt(text);
    return control < 0 ? null : "contains the control character "
        + Validation.codePoint(text.charAt(control)) + " (percent-encoded)";
  }
}
