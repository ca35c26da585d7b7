package dev.brisk;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the store URLs when options are built, so a malformed one fails naming the setting and
 * showing the URL without its password (the clients' own errors print it whole). Pure.
 */
final class StoreUrls {

  /** {@code user:password@} after the scheme, up to the last {@code @}: passwords may hold '/'. */
  private static final Pattern USER_INFO = Pattern.compile("(?<=://).*@");
  private static final Pattern QUERY = Pattern.compile("\\?.*");
  private static final int DEFAULT_REDIS_PORT = 6379;

  private StoreUrls() {
  }

  /** @throws IllegalArgumentException naming {@code name} when {@code url} is not PostgreSQL's */
  static void requirePostgres(String name, String url) {
    try {
      PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw invalid(name, "postgresql://user:password@host:5432/db", url);
    }
  }

  /**
   * @throws IllegalArgumentException naming {@code name} when {@code url} is not Redis's, or a
   *     {@code redis} or {@code rediss} URL without a host {@link URI} can read (none, or one
   *     such as {@code redis_1}), which the client refuses at every connection
   */
  static void requireRedis(String name, String url) {
    // The client parses it as a java.net.URI too, but only when it connects.
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("unix")
          || List.of("redis", "rediss").contains(scheme) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below, without the parser's message: it quotes the whole URL
    }
    throw invalid(name, "redis://[:password@]host:6379 (a host of letters, digits, '-' and "
        + "'.')", url);
  }

  /**
   * The URL with its user, password and query (which may carry {@code password=}) masked; a
   * value without a scheme is not shown at all, as it may be a bare secret.
   */
  static String redact(String url) {
    if (!url.contains("://")) {
      return "(not shown)";
    }
    return QUERY.matcher(USER_INFO.matcher(url).replaceFirst("***@")).replaceFirst("?***");
  }

  /** Where a valid PostgreSQL {@code url} points, {@code host:port/database}: no credentials. */
  static String postgresAddress(String url) {
    PgConnectOptions pg = PgConnectOptions.fromUri(url);
    return hostPort(pg.getHost(), pg.getPort()) + "/" + pg.getDatabase();
  }

  /**
   * Where a valid Redis {@code url} points, {@code host:port} (6379 when it names none) or a
   * socket's path: no credentials.
   */
  static String redisAddress(String url) {
    URI uri = URI.create(url);
    if (uri.getHost() == null) {
      return uri.getPath() == null ? redact(url) : uri.getPath();
    }
    return hostPort(uri.getHost(), uri.getPort() == -1 ? DEFAULT_REDIS_PORT : uri.getPort());
  }

  /** {@code host:port}, an IPv6 address in brackets. */
  static String hostPort(String host, int port) {
    boolean ipv6 = host.contains(":") && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ":" + port;
  }

  private static IllegalArgumentException invalid(String name, String form, String url) {
    return new IllegalArgumentException(name + " must be a URL like " + form + ", was '"
        + redact(url) + "'");
  }
}
