package dev.brisk.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ownership and permission checks that keep other local users out: a private directory is ours
 * and 0700, and a file we execute cannot be replaced by anyone but root or this user. Reads
 * attributes without following symbolic links. Blocking; any thread but an event loop.
 */
final class FileChecks {

  private static final int GROUP_OTHER = 0077;
  private static final int GROUP_OTHER_WRITE = 0022;
  private static final int STICKY = 01000;

  private FileChecks() {}

  /** The JVM's uid, or -1 where /proc is unavailable (treated as not root). */
  static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  /**
   * Refuses {@code dir} unless it is a real directory (not a symbolic link), owned by this
   * user and without any group or other permission; {@code what} names it in the message.
   */
  static void requirePrivateDir(Path dir, String what) {
    Map<String, Object> attrs = unixAttributes(dir);
    if (attrs == null) {
      throw new IllegalStateException(what + " " + dir + " does not exist");
    }
    if ((Boolean) attrs.get("isSymbolicLink")) {
      throw new IllegalStateException(what + " " + dir + " is a symbolic link; refusing to "
          + "follow it. Use a real directory owned by you with mode 0700");
    }
    if (!(Boolean) attrs.get("isDirectory")) {
      throw new IllegalStateException(what + " " + dir + " is not a directory");
    }
    int uid = (Integer) attrs.get("uid");
    if (uid != currentUid()) {
      throw new IllegalStateException(what + " " + dir + " is owned by uid " + uid
          + ", not by this user (uid " + currentUid() + "); refusing to use it. Remove it or "
          + "choose another directory");
    }
    int mode = (Integer) attrs.get("mode") & 07777;
    if ((mode & GROUP_OTHER) != 0) {
      throw new IllegalStateException(what + " " + dir + " has mode " + octal(mode)
          + "; it must be private (0700) because other users could have changed its contents. "
          + "Check them and run chmod 700 on it, or remove it");
    }
  }

  /**
   * Refuses an executable that someone other than root or this user could replace: the file
   * (symbolic links resolved) and every directory above it must be owned by root or this user
   * and not writable by group or others (a sticky directory such as /tmp is allowed above).
   *
   * @return the real path to execute
   */
  static Path requireTrustedExecutable(Path file) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + file, e);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(real)) {
      throw new IllegalStateException(real + " is not an executable file");
    }
    for (Path p = real; p != null; p = p.getParent()) {
      Map<String, Object> attrs = unixAttributes(p);
      int uid = (Integer) attrs.get("uid");
      int mode = (Integer) attrs.get("mode");
      boolean sticky = p != real && (mode & STICKY) != 0;
      if ((uid != 0 && uid != currentUid()) || ((mode & GROUP_OTHER_WRITE) != 0 && !sticky)) {
        throw new IllegalStateException("Refusing to run " + real + ": " + p + " (uid " + uid
            + ", mode " + octal(mode & 07777) + ") can be changed by users other than root and "
            + "you. Fix its ownership or permissions, or point the option at another binary");
      }
    }
    return real;
  }

  /** The real, effective, saved and filesystem uids of a process (from /proc), or empty. */
  static List<Integer> processUids(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Uid:")) {
          return Arrays.stream(line.substring(4).trim().split("\\s+"))
              .map(Integer::valueOf).toList();
        }
      }
      return List.of();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Whether the process exists and all its uids are {@code uid}. */
  static boolean runsAs(long pid, long uid) {
    List<Integer> uids = processUids(pid);
    return !uids.isEmpty() && uids.stream().allMatch(u -> u == uid);
  }

  private static Map<String, Object> unixAttributes(Path p) {
    try {
      return Files.readAttributes(p, "unix:uid,mode,isSymbolicLink,isDirectory",
          LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the attributes of " + p, e);
    }
  }

  static String octal(int mode) {
    return String.format("%04o", mode);
  }
}
