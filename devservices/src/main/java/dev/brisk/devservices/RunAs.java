package dev.brisk.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the stores run as. Never root: when the JVM is root, every store command runs as
 * {@code postgres} (or {@code nobody}) through {@code setpriv --reuid --regid --clear-groups
 * --no-new-privs}, and the stores' directories are handed to that account. Otherwise commands
 * run unchanged as the current user.
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
    int current = FileChecks.currentUid();
    if (current != 0) {
      return new RunAs(null, current, -1, null);
    }
    Path setpriv = Commands.onPath("setpriv");
    if (setpriv == null) {
      throw new IllegalStateException("Dev services never run the stores as root, and setpriv "
          + "(util-linux) is not on PATH to run them as another user");
    }
    setpriv = FileChecks.requireTrustedExecutable(setpriv);
    for (String name : CANDIDATES) {
      int[] ids = lookup(name);
      if (ids != null && ids[0] != 0) {
        return new RunAs(name, ids[0], ids[1], setpriv);
      }
    }
    throw new IllegalStateException("Dev services never run the stores as root, and neither "
        + "user " + String.join(" nor ", CANDIDATES) + " exists in /etc/passwd to run them as");
  }

  /** Whether commands are run as another user. */
  boolean drops() {
    return user != null;
  }

  /** The uid the stores run as. */
  int uid() {
    return uid;
  }

  /** The command, prefixed with {@code setpriv} when dropping privileges. */
  List<String> wrap(List<String> command) {
    if (!drops()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + uid,
        "--regid=" + gid, "--clear-groups", "--no-new-privs", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Hands a file or directory we just created to the account the stores run as. */
  void own(Path path) {
    if (!drops()) {
      return;
    }
    try {
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot chown " + path + " to " + user, e);
    }
  }

  /** For messages: {@code "as postgres (uid 101) via setpriv"} or {@code "as the current user"}. */
  String describe() {
    return drops() ? "as " + user + " (uid " + uid + ") via setpriv" : "as the current user";
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
