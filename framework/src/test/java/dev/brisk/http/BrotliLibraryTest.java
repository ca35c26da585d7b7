package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrotliLibraryTest {

  @TempDir
  Path tmp;

  /** Loads the codings, prints them and waits to be killed. */
  public static void main(String[] args) throws IOException {
    System.out.println(String.join(",", Compression.codings()));
    System.out.flush();
    System.in.read();
  }

  @Test
  void killed_jvms_leave_one_shared_copy_of_the_library_not_one_each() throws Exception {
    assertThat(startAndKill()).startsWith("br,");
    List<Path> first = contents(tmp);
    assertThat(first).hasSize(1);
    Path dir = first.get(0);
    assertThat(dir.getFileName().toString()).startsWith(BrotliLibrary.DIR_PREFIX);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    List<Path> libraries = contents(dir);
    assertThat(libraries).hasSize(1);
    assertThat(libraries.get(0).getFileName().toString()).matches("libbrotli-[0-9a-f]{24}\\.so");
    Object inode = Files.readAttributes(libraries.get(0), "unix:ino").get("ino");

    assertThat(startAndKill()).startsWith("br,");
    assertThat(contents(tmp)).containsExactly(dir);
    assertThat(contents(dir)).containsExactly(libraries.get(0));
    assertThat(Files.readAttributes(libraries.get(0), "unix:ino").get("ino")).isEqualTo(inode);
  }

  @Test
  void a_changed_copy_is_replaced_by_the_bundled_bytes() throws IOException {
    byte[] bytes = "the library".getBytes(StandardCharsets.UTF_8);
    Path library = BrotliLibrary.unpack(bytes, "libbrotli.so", tmp);
    Files.writeString(library, "something else");

    assertThat(BrotliLibrary.unpack(bytes, "libbrotli.so", tmp)).isEqualTo(library);
    assertThat(Files.readAllBytes(library)).isEqualTo(bytes);
    assertThat(contents(library.getParent())).containsExactly(library);
  }

  @Test
  void a_directory_others_can_write_is_refused() throws IOException {
    Path dir = BrotliLibrary.unpack(new byte[] {1}, "libbrotli.so", tmp).getParent();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> BrotliLibrary.unpack(new byte[] {1}, "libbrotli.so", tmp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a directory private to this user");
  }

  private String startAndKill() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"), BrotliLibraryTest.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String codings = out.readLine();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return codings;
    }
  }

  private static List<Path> contents(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    }
  }
}
