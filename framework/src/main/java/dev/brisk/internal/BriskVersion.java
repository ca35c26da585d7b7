package dev.brisk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the framework jar on the class path ({@code 0.1.0}), written into
 * {@code dev/brisk/brisk.properties} by the build. Internal.
 */
public final class BriskVersion {

  private static final String VERSION = read();

  private BriskVersion() {
  }

  /** The version; the same for the whole process. */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = BriskVersion.class.getResourceAsStream("/dev/brisk/brisk.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/brisk/brisk.properties is not on the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
