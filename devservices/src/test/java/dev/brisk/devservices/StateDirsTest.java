package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state directory and the binaries are checked before anything runs. */
class StateDirsTest {

  private static final int NOBODY = 65534;

  private Path dir;

  @BeforeEach
  void createDir() throws IOException {
    dir = StoreProbe.privateTempDir();
  }

  @AfterEach
  void deleteDir() {
    StateDirs.deleteTree(dir);
  }

  @Test
  void a_missing_state_dir_is_created_private() throws IOException {
    Path state = dir.resolve("new").resolve("state");

    StateDirs.open(state);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rwx------");
  }

  @Test
  void a_symlinked_state_dir_is_refused() throws IOException {
    Path target = StateDirs.privateDir(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);

    assertRefused(link, "is a symbolic link");
    assertThat(target).isEmptyDirectory();
  }

  @Test
  void a_group_writable_state_dir_is_refused() throws IOException {
    Path state = StateDirs.privateDir(dir.resolve("state"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwx---"));

    assertRefused(state, "has mode 0770");
    assertThat(state).isEmptyDirectory();
  }

  @Test
  void a_world_readable_state_dir_is_refused() throws IOException {
    Path state = StateDirs.privateDir(dir.resolve("state"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertRefused(state, "has mode 0755");
  }

  @Test
  void a_state_dir_owned_by_someone_else_is_refused() throws IOException {
    Path state;
    if (StoreProbe.isRoot()) {
      state = StateDirs.privateDir(dir.resolve("state"));
      Files.setAttribute(state, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
    } else {
      state = Path.of("/usr");
    }
    int owner = (Integer) Files.getAttribute(state, "unix:uid");

    assertRefused(state, "is owned by uid " + owner + ", not by this user");
  }

  @Test
  void a_redis_server_others_can_replace_is_refused() throws IOException {
    Path fakes = StoreProbe.fakeBinDir();
    try {
      Files.setPosixFilePermissions(fakes, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path exe = StoreProbe.script(fakes, "redis-server", "exit 1");

      assertThatThrownBy(() -> DevServices.start(options(dir).withRedisServer(exe)))
          .hasMessageContaining("Refusing to run " + exe)
          .hasMessageContaining("can be changed by users other than root and you");
    } finally {
      StateDirs.deleteTree(fakes);
    }
  }

  @Test
  void postgres_binaries_owned_by_another_user_are_refused() throws IOException {
    Path fakes = StoreProbe.fakeBinDir();
    try {
      for (String name : new String[] {"initdb", "pg_ctl", "postgres"}) {
        StoreProbe.script(fakes, name, "exit 1");
      }
      Files.setPosixFilePermissions(fakes.resolve("pg_ctl"),
          PosixFilePermissions.fromString("rwxrwxr-x"));

      assertThatThrownBy(() -> DevServices.start(options(dir).withPgBinDir(fakes)))
          .hasMessageContaining("Refusing to run " + fakes.resolve("pg_ctl"));
    } finally {
      StateDirs.deleteTree(fakes);
    }
  }

  private static void assertRefused(Path state, String why) throws IOException {
    assertThatThrownBy(() -> DevServices.start(options(state)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Dev services state directory " + state)
        .hasMessageContaining(why);
    try (Stream<Path> files = Files.list(state)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("run-"))).isEmpty();
    }
  }

  private static DevServicesOptions options(Path state) {
    return DevServicesOptions.defaults().withStateDir(state);
  }
}
