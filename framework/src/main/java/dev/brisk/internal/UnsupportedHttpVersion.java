package dev.brisk.internal;

import io.netty.handler.codec.DecoderException;

/**
 * The decoder failure of an HTTP/1 request whose request line names a version other than
 * HTTP/1.x (such as {@code HTTP/2.0} outside the HTTP/2 preface, or {@code HTTP/3.0}): answered
 * 505 as a problem, like any request the codec rejected.
 */
public final class UnsupportedHttpVersion extends DecoderException {

  private final String version;

  public UnsupportedHttpVersion(String version) {
    super("Unsupported HTTP version " + version, null);
    this.version = version;
  }

  /** The version as the request line gave it, such as {@code HTTP/3.0}. */
  public String version() {
    return version;
  }
}
