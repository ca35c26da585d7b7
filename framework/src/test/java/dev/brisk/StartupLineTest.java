package dev.brisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupLineTest {

  @Test
  void names_what_the_instance_runs_with_and_no_credentials() {
    BriskOptions options = BriskOptions.from(BriskConfig.of(Map.of(
        "pg-url", "postgresql://shop:PgS3cret@db.internal:6432/shop?sslmode=require",
        "pg-replica-urls", "postgresql://ro:R0Secret@replica-1:5432/shop,"
            + "postgresql://ro:R0Secret@replica-2:5432/shop",
        "redis-url", "redis://:RedisS3cret@cache.internal",
        "instances", "4", "concurrency-limit", "off")));

    String line = StartupLine.of(options, 8080, "1.2.0", true, false);

    assertThat(line).isEqualTo("Brisk listening on 0.0.0.0:8080 (version 1.2.0) env=production "
        + "event-loops=4 pg=db.internal:6432/shop pg-replicas=2 redis=cache.internal:6379 "
        + "cache=off concurrency-limit=off rate-limiting=on");
    for (String secret : List.of("PgS3cret", "R0Secret", "RedisS3cret", "sslmode")) {
      assertThat(line).doesNotContain(secret);
    }
  }

  @Test
  void shows_an_ipv6_host_in_brackets_and_a_redis_socket_by_its_path() {
    BriskOptions options = BriskOptions.create("postgresql://u:p@[::1]:5432/db",
        "unix:///run/redis.sock?password=S3cret").withHost("::").withInstances(1);

    assertThat(StartupLine.of(options, 80, "dev", false, true))
        .startsWith("Brisk listening on [::]:80 (version dev) env=development event-loops=1 "
            + "pg=[::1]:5432/db pg-replicas=0 redis=/run/redis.sock cache=on")
        .doesNotContain("S3cret");
  }
}
