package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bundled binaries are checksummed when unpacked and checked before every exec. */
class BundledBinariesTest {

  private Path state;
  private Path bin;

  @BeforeEach
  void createState() throws IOException {
    state = StoreProbe.privateTempDir();
    bin = StateDirs.binCache(state);
  }

  @AfterEach
  void deleteState() {
    StateDirs.deleteTree(state);
  }

  @Test
  void a_tampered_redis_server_is_refused_and_unpacked_again() throws IOException {
    BinaryCheck unpacked = Binaries.embeddedRedis(bin);
    byte[] original = Files.readAllBytes(unpacked.path());

    plant(unpacked.path());

    assertThatThrownBy(unpacked::verify).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Refusing to run the bundled binaries")
        .hasMessageContaining("was modified");
    BinaryCheck again = Binaries.embeddedRedis(bin);
    assertThat(Files.readAllBytes(again.path())).isEqualTo(original);
    again.verify();
  }

  @Test
  void a_tampered_copy_for_another_account_is_refused() throws IOException {
    Path home = StoreProbe.fakeBinDir();
    try {
      BinaryCheck copy = Binaries.embeddedRedis(bin).copyInto(home);
      assertThat(copy.path()).startsWith(home);

      plant(copy.path());

      assertThatThrownBy(copy::verify).hasMessageContaining("was modified");
    } finally {
      StateDirs.deleteTree(home);
    }
  }

  @Test
  void a_file_added_to_the_postgres_bundle_is_detected() throws IOException {
    BinaryCheck pg = EmbeddedPostgresBinaries.unpack(bin);
    pg.verify();

    Files.writeString(pg.path().resolve("initdb.planted"), "#!/bin/sh\n");

    assertThatThrownBy(pg::verify).hasMessageContaining("/bin/initdb.planted was added");
  }

  @Test
  void start_runs_the_unpacked_again_redis_not_the_tampered_one() throws IOException {
    plant(Binaries.embeddedRedis(bin).path());
    // Installed PostgreSQL when there is one: unpacking the bundled one is slow and not the point.
    DevServicesOptions options = DevServicesOptions.defaults().withStateDir(state)
        .withInstalledBinaries(false).withPgBinDir(Binaries.installedPostgres().orElse(null));

    try (DefaultDevServices dev = (DefaultDevServices) DevServices.start(options)) {
      assertThat(Files.readString(dev.redisExecutable(), StandardCharsets.ISO_8859_1))
          .doesNotContain("planted");
    }
  }

  private static void plant(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(file, "\n# planted\n", StandardOpenOption.APPEND);
  }
}
