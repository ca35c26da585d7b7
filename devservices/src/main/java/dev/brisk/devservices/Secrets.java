package dev.brisk.devservices;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Per-run passwords and masking of URLs for log lines and messages. Thread-safe. */
final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern USER_PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://"
      + "[^:@/?#]*):[^@/?#]*@");
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("([?&](?i:password)=)[^&#]*");

  private Secrets() {}

  /** 128 random bits as 32 hex characters: safe in any URL, shell or config file unquoted. */
  static String password() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The URL with any password (user info or {@code password=} parameter) replaced by ***. */
  static String mask(String url) {
    if (url == null) {
      return null;
    }
    String masked = USER_PASSWORD.matcher(url).replaceFirst("$1:***@");
    return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
  }
}
