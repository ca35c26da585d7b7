package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DevServicesOptionsTest {

  @Test
  void rejects_non_positive_start_timeout() {
    assertThatThrownBy(() -> DevServicesOptions.defaults().withStartTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startTimeout must be positive, was PT0S");
  }

  @Test
  void rejects_relative_state_dir() {
    assertThatThrownBy(() -> DevServicesOptions.defaults().withStateDir(Path.of("state")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stateDir must be absolute, was state");
  }

  @Test
  void defaults_keep_state_in_the_users_cache_and_install_a_hook() {
    DevServicesOptions options = DevServicesOptions.defaults();
    assertThat(options.stateDir()).isEqualTo(
        Path.of(System.getProperty("user.home"), ".cache", "brisk-devservices"));
    assertThat(options.shutdownHook()).isTrue();
    assertThat(options.withShutdownHook(false).shutdownHook()).isFalse();
  }
}
