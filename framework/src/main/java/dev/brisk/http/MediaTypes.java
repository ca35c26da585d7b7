package dev.brisk.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Accept} and {@code Content-Type} matching (RFC 9110 section 12.5.1): q-values, {@code *}
 * wildcards and parameters.
 *
 * <p>{@code MediaTypes.negotiate(accept, List.of(MediaTypes.JSON,
 * MediaTypes.protobuf("brisk.shop.Product")))}
 *
 * <p>Pure functions; thread-safe.
 */
public final class MediaTypes {

  /** {@code application/json}. */
  public static final String JSON = "application/json";
  /** {@code application/x-protobuf}. */
  public static final String PROTOBUF = "application/x-protobuf";
  /** The parameter of {@link #PROTOBUF} that names the message (as Prometheus remote write). */
  private static final String PROTO = "proto";

  // Possessive quantifiers: tokens never contain separators, so backtracking could only waste
  // time on a hostile header.
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]++";
  private static final String OWS = "[ \\t]*+";
  private static final String PARAMETER = OWS + ";" + OWS + "(?:" + TOKEN + "=(?:" + TOKEN
      + "|\"(?:[^\"\\\\]|\\\\.)*+\"))?+";
  private static final String MEDIA_TYPE = TOKEN + "/" + TOKEN + "(?:" + PARAMETER + ")*+";
  private static final Pattern CONTENT_TYPE = Pattern.compile(OWS + MEDIA_TYPE + OWS);
  /** One parameter of a well-formed media type: its name and value, or neither (a bare ';'). */
  private static final Pattern NEXT_PARAMETER = Pattern.compile(OWS + ";" + OWS + "(?:("
      + TOKEN + ")=(" + TOKEN + "|\"(?:[^\"\\\\]|\\\\.)*+\"))?+");
  private static final Pattern ACCEPT = Pattern.compile(OWS + "(?:" + MEDIA_TYPE + ")?+(?:"
      + OWS + "," + OWS + "(?:" + MEDIA_TYPE + ")?+)*+" + OWS);
  private static final Pattern WEIGHT = Pattern.compile(";" + OWS + "[qQ]=([^;, \\t]*+)");
  private static final Pattern QVALUE = Pattern.compile("0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?");

  private MediaTypes() {
  }

  /**
   * Whether {@code accept} is a well-formed {@code Accept} value (RFC 9110 section 12.5.1):
   * comma-separated media ranges with {@code ;name=value} parameters. {@code null} is valid.
   */
  public static boolean isValidAccept(String accept) {
    return accept == null || ACCEPT.matcher(accept).matches() && weightsAreQvalues(accept);
  }

  /**
   * Whether every {@code q} parameter is a qvalue (RFC 9110 section 12.4.2: 0 to 1, at most
   * three decimals): {@code q=abc} or {@code q=1.5} is a malformed header, not a zero weight.
   */
  private static boolean weightsAreQvalues(String accept) {
    Matcher weight = WEIGHT.matcher(accept);
    while (weight.find()) {
      if (!QVALUE.matcher(weight.group(1)).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code contentType} is one well-formed media type with parameters, none named twice
   * (RFC 6838 section 4.3: an error; {@code charset=utf-8; charset=latin1} would be read as UTF-8
   * here and as Latin-1 by a gateway or WAF that takes the last); null is valid.
   */
  public static boolean isValidContentType(String contentType) {
    if (contentType == null) {
      return true;
    }
    if (!CONTENT_TYPE.matcher(contentType).matches()) {
      return false;
    }
    List<String[]> params = parameters(contentType);
    return params.stream().map(p -> p[0]).distinct().count() == params.size();
  }

  /**
   * The parameters of a media type that {@link #isValidContentType} accepts, in order, as
   * {name in lower case, value without quotes}: read as the grammar has them, so a {@code ;} or
   * {@code charset=} inside a quoted value is part of that value.
   */
  private static List<String[]> parameters(String mediaType) {
    List<String[]> params = new ArrayList<>();
    int semi = mediaType.indexOf(';');
    if (semi < 0) {
      return params;
    }
    Matcher next = NEXT_PARAMETER.matcher(mediaType);
    next.region(semi, mediaType.length());
    while (next.regionStart() < mediaType.length() && next.lookingAt()) {
      if (next.group(1) != null) {
        params.add(parameter(next.group(1) + "=" + next.group(2)));
      }
      next.region(next.end(), mediaType.length());
    }
    return params;
  }

  /** Whether a response of {@code type} is acceptable; a missing or blank header accepts all. */
  public static boolean accepts(String accept, String type) {
    return negotiate(accept, List.of(type)) != null;
  }

  /**
   * {@link #PROTOBUF} naming its message, {@code application/x-protobuf; proto=<full name>}: how
   * a route offers protobuf to {@link #negotiate}, so that an {@code Accept} whose {@code proto}
   * parameter names another message does not match it. Any thread.
   */
  public static String protobuf(String message) {
    return PROTOBUF + "; " + PROTO + "=" + message;
  }

  /**
   * The first of {@code produced} with the highest q-value the client accepts, or {@code null}
   * when none is acceptable. Ties keep the server's order. A header that lists no media range
   * (blank, or only empty list elements such as {@code ", ,"}, which RFC 9110 section 5.6.1.2
   * has recipients ignore) states no preference.
   *
   * <p>A produced type may carry parameters ({@link #protobuf}). A range's parameters (those
   * before its {@code q}) that the produced type also has must have the same value for the range
   * to match it, and each one matched makes the range more specific (RFC 9110 section 12.5.1:
   * {@code application/x-protobuf;proto=A;q=0} overrides {@code application/x-protobuf}); a
   * parameter the produced type does not have is ignored, so {@code application/json;
   * charset=utf-8} still matches JSON. The produced type is returned with its parameters.
   */
  public static String negotiate(String accept, List<String> produced) {
    if (accept == null || listsNothing(accept)) {
      return produced.isEmpty() ? null : produced.get(0);
    }
    String best = null;
    double bestQ = 0;
    for (String candidate : produced) {
      double q = quality(accept, candidate);
      if (q > bestQ) {
        best = candidate;
        bestQ = q;
      }
    }
    return best;
  }

  private static boolean listsNothing(String accept) {
    for (int i = 0; i < accept.length(); i++) {
      char c = accept.charAt(i);
      if (c != ',' && c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static double quality(String accept, String candidate) {
    String[] candParts = candidate.split(";");
    String[] cand = candParts[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
    double q = 0;
    int bestSpecificity = -1;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (parts.length == 0) {
        continue;
      }
      String[] type = parts[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
      if (type.length != 2) {
        continue;
      }
      int specificity = specificity(type, cand);
      if (specificity == 2 && parts.length > 1 && candParts.length > 1) {
        int matched = matchedParameters(parts, candParts);
        specificity = matched < 0 ? -1 : specificity + matched;
      }
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        q = qValue(parts);
      }
    }
    return q;
  }

  /**
   * How many of the range's parameters ({@code range[1..]} up to its {@code q}) the produced
   * type ({@code produced[1..]}) has with the same value; -1 when one has another value.
   * Names are case-insensitive, values are compared as written, quotes removed.
   */
  private static int matchedParameters(String[] range, String[] produced) {
    int matched = 0;
    for (int i = 1; i < range.length; i++) {
      String[] param = parameter(range[i]);
      if (param[0].equals("q")) {
        // What follows q are accept-ext parameters, not the media type's.
        return matched;
      }
      for (int j = 1; j < produced.length; j++) {
        String[] offered = parameter(produced[j]);
        if (offered[0].equals(param[0])) {
          if (!offered[1].equals(param[1])) {
            return -1;
          }
          matched++;
        }
      }
    }
    return matched;
  }

  /** A {@code name=value} parameter as {name in lower case, value without quotes}. */
  private static String[] parameter(String text) {
    int eq = text.indexOf('=');
    String name = (eq < 0 ? text : text.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
    String value = eq < 0 ? "" : text.substring(eq + 1).trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return new String[] {name, value};
  }

  /** -1 no match, 0 for {@code *}/{@code *}, 1 for {@code type/*}, 2 for an exact match. */
  private static int specificity(String[] range, String[] cand) {
    if (range[0].equals("*") && range[1].equals("*")) {
      return 0;
    }
    if (!range[0].equals(cand[0])) {
      return -1;
    }
    if (range[1].equals("*")) {
      return 1;
    }
    return range[1].equals(cand[1]) ? 2 : -1;
  }

  /** The {@code q} parameter among {@code params[1..]} (1 when absent, 0 when malformed). */
  static double qValue(String[] params) {
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim();
      if (p.startsWith("q=") || p.startsWith("Q=")) {
        try {
          double q = Double.parseDouble(p.substring(2).trim());
          return q < 0 || q > 1 || Double.isNaN(q) ? 0 : q;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /**
   * Whether a {@code Content-Type} names JSON: {@code application/json} or a {@code +json}
   * type such as {@code application/problem+json}, parameters and case ignored.
   */
  static boolean isJson(String contentType) {
    String type = essence(contentType);
    return type != null && (type.equals(JSON) || type.endsWith("+json"));
  }

  /**
   * Whether a {@code Content-Type}'s {@code charset} parameter, if any, names UTF-8 (the only
   * encoding of JSON, RFC 8259 section 8.1); a body declared in another would be misread. Read
   * as the grammar has it: {@code x="a;charset=utf-8"; charset=latin1} declares Latin-1; a
   * malformed value ({@code charset=}) is not UTF-8.
   */
  public static boolean isUtf8(String contentType) {
    if (contentType == null) {
      return true;
    }
    if (!CONTENT_TYPE.matcher(contentType).matches()) {
      return false;
    }
    for (String[] param : parameters(contentType)) {
      if (param[0].equals("charset")
          && !param[1].equalsIgnoreCase("utf-8") && !param[1].equalsIgnoreCase("utf8")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a {@code Content-Type} names JSON text ({@link #isJson}) or NDJSON, lines of it:
   * text that is UTF-8 only.
   */
  static boolean isJsonText(String contentType) {
    return isJson(contentType) || "application/x-ndjson".equals(essence(contentType));
  }

  /** The media type of a {@code Content-Type} header without parameters, lower case. */
  public static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }
}
