package dev.brisk.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who PostgreSQL runs as. PostgreSQL refuses to run as root, so when the JVM is root its commands
 * run as {@code postgres} (or {@code nobody}) through {@code setpriv}, and its directory is handed
 * to that user. Otherwise commands run unchanged as the current user.
 */
final class RunAs {

  private static final List<String> CANDIDATES = List.of("postgres", "nobody");

  private final String user;
  private final int uid;
  private final int gid;
  private final Path setpriv;

  private RunAs(String user, int uid, int gid, Path setpriv) {
    this.user = user;
    this.uid = uid;
    this.gid = gid;
    this.setpriv = setpriv;
  }

  /** Decides for this JVM; fails with a clear message if root cannot drop privileges. */
  static RunAs detect() {
    if (currentUid() != 0) {
      return new RunAs(null, -1, -1, null);
    }
    Path setpriv = Commands.onPath("setpriv");
    if (setpriv == null) {
      throw new IllegalStateException("PostgreSQL refuses to run as root and setpriv "
          + "(util-linux) is not on PATH to run it as another user");
    }
    for (String name : CANDIDATES) {
      int[] ids = lookup(name);
      if (ids != null) {
        return new RunAs(name, ids[0], ids[1], setpriv);
      }
    }
    throw new IllegalStateException("PostgreSQL refuses to run as root and neither user "
        + String.join(" nor ", CANDIDATES) + " exists in /etc/passwd to run it as");
  }

  /** Whether commands are run as another user. */
  boolean drops() {
    return user != null;
  }

  /** The command, prefixed with {@code setpriv} when dropping privileges. */
  List<String> wrap(List<String> command) {
    if (!drops()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + uid,
        "--regid=" + gid, "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Hands an (empty) directory to the user the commands run as. */
  void own(Path dir) {
    if (!drops()) {
      return;
    }
    try {
      Files.setAttribute(dir, "unix:uid", uid);
      Files.setAttribute(dir, "unix:gid", gid);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot chown " + dir + " to " + user, e);
    }
  }

  /** For messages: {@code "as postgres via setpriv"} or {@code "as the current user"}. */
  String describe() {
    return drops() ? "as " + user + " (uid " + uid + ") via setpriv" : "as the current user";
  }

  /** The JVM's uid, or -1 where /proc is unavailable (treated as not root). */
  static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  private static int[] lookup(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] fields = line.split(":");
        if (fields.length > 3 && fields[0].equals(name)) {
          return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
        }
      }
      return null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
