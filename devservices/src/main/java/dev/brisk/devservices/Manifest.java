package dev.brisk.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What an unpacked bundle looked like when it was unpacked: per relative path, {@code D} for a
 * directory, {@code L <target>} for a symbolic link, {@code F <sha-256>} for a file. Recorded at
 * extraction, compared before every exec. Blocking (hashes every file).
 */
record Manifest(SortedMap<String, String> entries) {

  /** Describes the tree (or single file) at {@code root}, without following links. */
  static Manifest of(Path root) {
    SortedMap<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        entries.put(root.relativize(p).toString(), describe(p));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException("Cannot read " + root + ": " + e.getMessage(), e);
    }
    return new Manifest(entries);
  }

  /** Reads a manifest written by {@link #write}, or null if there is none. */
  static Manifest read(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      SortedMap<String, String> entries = new TreeMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab >= 0) {
          entries.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
      return new Manifest(entries);
    } catch (IOException e) {
      return null;
    }
  }

  /** Writes it to a new file {@code file}, readable by this user only. */
  void write(Path file) throws IOException {
    String text = entries.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue() + "\n")
        .collect(Collectors.joining());
    StateDirs.writePrivate(file, text);
  }

  /** The first difference between this (expected) and {@code actual}, or null if equal. */
  String difference(Manifest actual) {
    for (Map.Entry<String, String> e : entries.entrySet()) {
      String found = actual.entries.get(e.getKey());
      if (!e.getValue().equals(found)) {
        return "/" + e.getKey() + (found == null ? " is missing" : " was modified");
      }
    }
    for (String path : actual.entries.keySet()) {
      if (!entries.containsKey(path)) {
        return "/" + path + " was added";
      }
    }
    return null;
  }

  private static String describe(Path p) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      return "L " + Files.readSymbolicLink(p);
    }
    if (attrs.isDirectory()) {
      return "D";
    }
    return attrs.isRegularFile() ? "F " + sha256(p) : "?";
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
