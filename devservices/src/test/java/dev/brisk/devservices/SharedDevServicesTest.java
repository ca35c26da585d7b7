package dev.brisk.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SharedDevServicesTest {

  private static final String PG = "postgresql://app:pg-s3cret@db.example:5432/app";
  private static final String REDIS = "redis://:redis-s3cret@cache.example:6379";
  private static final Supplier<DevServices> NEVER = () -> {
    throw new AssertionError("must not start dev services");
  };

  @Test
  void exactly_one_url_is_refused_naming_the_missing_variable() {
    assertThatThrownBy(() -> SharedDevServices.resolve(
        Map.of(DevServices.PG_URL_KEY, PG), NEVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Missing BRISK_REDIS_URL: BRISK_PG_URL is set")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> SharedDevServices.resolve(
        Map.of(DevServices.REDIS_URL_KEY, REDIS, DevServices.PG_URL_KEY, " "), NEVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Missing BRISK_PG_URL: BRISK_REDIS_URL is set")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void both_urls_are_used_as_given_and_nothing_starts() {
    DevServices dev = SharedDevServices.resolve(
        Map.of(DevServices.PG_URL_KEY, PG, DevServices.REDIS_URL_KEY, " " + REDIS + " "), NEVER);

    assertThat(dev.settings()).containsExactly(Map.entry(DevServices.PG_URL_KEY, PG),
        Map.entry(DevServices.REDIS_URL_KEY, REDIS));
    assertThat(dev.toString()).doesNotContain("s3cret");
  }

  @Test
  void system_properties_override_the_environment() {
    System.setProperty(SharedDevServices.REDIS_URL_PROPERTY, "redis://from-property:1");
    try {
      assertThat(SharedDevServices.settings())
          .containsEntry(DevServices.REDIS_URL_KEY, "redis://from-property:1");
    } finally {
      System.clearProperty(SharedDevServices.REDIS_URL_PROPERTY);
    }
  }

  @Test
  void user_supplied_passwords_never_reach_output_or_logs() {
    String output = captureOutput(() -> {
      SharedDevServices.resolve(Map.of(DevServices.PG_URL_KEY, PG,
          DevServices.REDIS_URL_KEY, REDIS), NEVER);
      try {
        SharedDevServices.resolve(Map.of(DevServices.PG_URL_KEY, PG), NEVER);
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
      }
    });

    assertThat(output).contains("Using configured stores")
        .contains("postgresql://app:***@db.example:5432/app")
        .contains("redis://:***@cache.example:6379")
        .contains("Missing BRISK_REDIS_URL")
        .doesNotContain("s3cret");
  }

  @Test
  void start_prints_nothing_and_logs_no_password() {
    String[] urls = new String[2];
    String output = captureOutput(() -> {
      try (DevServices dev = DevServices.start(DevServicesOptions.defaults())) {
        urls[0] = dev.pgUrl();
        urls[1] = dev.redisUrl();
      }
    });

    assertThat(output).doesNotContain("Dev services:").contains("PostgreSQL started on 127.0.0.1:")
        .doesNotContain(urls[0].replaceAll(".*:([0-9a-f]{32})@.*", "$1"))
        .doesNotContain(urls[1].replaceAll(".*:([0-9a-f]{32})@.*", "$1"));
  }

  @Test
  void masks_passwords_in_user_info_and_parameters() {
    assertThat(Secrets.mask("postgresql://u:p@h:1/d")).isEqualTo("postgresql://u:***@h:1/d");
    assertThat(Secrets.mask("redis://:p@h:1")).isEqualTo("redis://:***@h:1");
    assertThat(Secrets.mask("redis://h:1")).isEqualTo("redis://h:1");
    assertThat(Secrets.mask("postgresql://u@h/d?sslmode=require&password=p&x=1"))
        .isEqualTo("postgresql://u@h/d?sslmode=require&password=***&x=1");
  }

  private static String captureOutput(Runnable action) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      action.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
