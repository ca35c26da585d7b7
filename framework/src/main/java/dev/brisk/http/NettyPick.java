package dev.brisk.http;

import java.util.List;

/**
 * The coding Netty 4.2's {@code HttpContentCompressor.determineEncoding} picks for an
 * {@code Accept-Encoding} header, given the configured codings: it prefers br, zstd, gzip,
 * deflate in that order (snappy between zstd and gzip) among listed codings, even one listed with {@code q=0} when another has
 * a positive q. {@link Compression#guard} compares it with the RFC answer and turns Netty's
 * compression off where they differ. Pure function; thread-safe.
 */
final class NettyPick {

  private NettyPick() {
  }

  static String of(String acceptEncoding, List<String> configured) {
    float star = -1;
    // Snappy is never configured here but, when listed, takes part in Netty's comparisons.
    float[] q = {-1, -1, -1, -1, -1};
    String[] names = {"br", "zstd", "snappy", "gzip", "deflate"};
    for (String entry : acceptEncoding.split(",")) {
      float value = 1;
      int eq = entry.indexOf('=');
      if (eq >= 0) {
        try {
          value = Float.parseFloat(entry.substring(eq + 1));
        } catch (NumberFormatException e) {
          value = 0;
        }
      }
      if (entry.contains("*")) {
        star = value;
        continue;
      }
      for (int i = 0; i < names.length; i++) {
        if (entry.contains(names[i])) {
          q[i] = Math.max(q[i], value);
          break;
        }
      }
    }
    return pick(q, star, names, configured);
  }

  private static String pick(float[] q, float star, String[] names, List<String> configured) {
    if (q[0] > 0 || q[1] > 0 || q[2] > 0 || q[3] > 0 || q[4] > 0) {
      for (int i = 0; i < names.length; i++) {
        float next = i + 1 < names.length ? q[i + 1] : -1;
        if (q[i] != -1 && q[i] >= next && configured.contains(names[i])) {
          return names[i];
        }
      }
    }
    if (star > 0) {
      for (int i = 0; i < names.length; i++) {
        if (q[i] == -1 && configured.contains(names[i])) {
          return names[i];
        }
      }
    }
    return null;
  }
}
