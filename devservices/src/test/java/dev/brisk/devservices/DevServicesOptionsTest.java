package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevServicesOptionsTest {

  @Test
  void rejects_non_positive_start_timeout() {
    assertThatThrownBy(() -> DevServicesOptions.defaults().withStartTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startTimeout must be positive, was PT0S");
  }

  @Test
  void system_properties_override_the_environment() {
    System.setProperty(DevServicesOptions.REDIS_URL_PROPERTY, "redis://from-property:1");
    try {
      DevServicesOptions options = DevServicesOptions.defaults();
      assertThat(options.setting(DevServices.REDIS_URL_KEY)).isEqualTo("redis://from-property:1");
    } finally {
      System.clearProperty(DevServicesOptions.REDIS_URL_PROPERTY);
    }
  }

  @Test
  void blank_settings_count_as_unset() {
    DevServicesOptions options = DevServicesOptions.defaults()
        .withSettings(Map.of(DevServices.PG_URL_KEY, "   "));
    assertThat(options.setting(DevServices.PG_URL_KEY)).isNull();
    assertThat(options.setting(DevServices.REDIS_URL_KEY)).isNull();
  }
}
