package dev.brisk.load.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A free TCP port on the loopback interface. */
final class FreePort {

  private FreePort() {
  }

  /** Asks the kernel for a free port; any non-event-loop thread (briefly binds a socket). */
  static int find() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
