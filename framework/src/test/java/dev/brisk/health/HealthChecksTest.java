package dev.brisk.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HealthChecks.Report check(HealthChecks checks) throws Exception {
    Promise<HealthChecks.Report> report = Promise.promise();
    vertx.runOnContext(v -> checks.check().onComplete(report));
    return report.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void ready_but_degraded_when_every_required_check_passes_and_optional_ones_fail()
      throws Exception {
    HealthChecks checks = HealthChecks.create(Duration.ofSeconds(5))
        .register("db", true, Future::succeededFuture)
        .register("cache", false, () -> Future.failedFuture("cache down"));

    HealthChecks.Report report = check(checks);

    assertThat(report.up()).isTrue();
    JsonObject body = report.body();
    assertThat(body.getString("status")).isEqualTo("DEGRADED");
    assertThat(body.getJsonObject("checks").getJsonObject("db").getString("status"))
        .isEqualTo("UP");
    JsonObject cache = body.getJsonObject("checks").getJsonObject("cache");
    assertThat(cache.getString("status")).isEqualTo("DOWN");
    assertThat(cache.getBoolean("required")).isFalse();
    assertThat(cache.getString("error")).isEqualTo("cache down");
  }

  @Test
  void a_check_a_feature_requires_makes_the_service_not_ready() throws Exception {
    HealthChecks checks = HealthChecks.create(Duration.ofSeconds(5))
        .register("db", true, Future::succeededFuture)
        .register("redis", false, () -> Future.failedFuture("redis down"));
    assertThat(check(checks).up()).as("optional").isTrue();

    checks.require("redis");

    HealthChecks.Report report = check(checks);
    assertThat(report.up()).isFalse();
    assertThat(report.body().getString("status")).isEqualTo("DOWN");
    assertThat(checks.isRequired("redis")).isTrue();
    assertThatThrownBy(() -> checks.require("nope")).hasMessageContaining("'nope'");
  }

  @Test
  void down_when_a_required_check_fails_throws_or_never_answers() throws Exception {
    HealthChecks checks = HealthChecks.create(Duration.ofMillis(50))
        .register("failing", true, () -> Future.failedFuture("no"))
        .register("throwing", true, () -> {
          throw new IllegalStateException("boom");
        })
        .register("hanging", true, () -> Promise.<Void>promise().future());

    HealthChecks.Report report = check(checks);

    assertThat(report.up()).isFalse();
    JsonObject each = report.body().getJsonObject("checks");
    assertThat(each.fieldNames()).containsExactlyInAnyOrder("failing", "throwing", "hanging");
    each.fieldNames().forEach(name ->
        assertThat(each.getJsonObject(name).getString("status")).as(name).isEqualTo("DOWN"));
    assertThat(each.getJsonObject("throwing").getString("error")).isEqualTo("boom");
  }

  @Test
  void readiness_asked_while_a_check_runs_shares_it() throws Exception {
    // /health/ready is never rate limited nor shed: without sharing, each concurrent probe
    // request would take a database connection of its own.
    AtomicInteger runs = new AtomicInteger();
    Promise<Void> held = Promise.promise();
    HealthChecks checks = HealthChecks.create(Duration.ofSeconds(5))
        .register("db", true, () -> runs.incrementAndGet() == 1 ? held.future()
            : Future.succeededFuture());
    List<Promise<HealthChecks.Report>> reports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Promise<HealthChecks.Report> report = Promise.promise();
      reports.add(report);
      vertx.runOnContext(v -> checks.check().onComplete(report));
    }
    vertx.runOnContext(v -> held.complete());
    for (Promise<HealthChecks.Report> report : reports) {
      assertThat(report.future().toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS).up()).isTrue();
    }
    assertThat(runs.get()).isEqualTo(1);
    assertThat(check(checks).up()).as("a later request checks afresh").isTrue();
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void shutting_down_is_down_with_a_reason() throws Exception {
    HealthChecks checks = HealthChecks.create(Duration.ofSeconds(5))
        .register("db", true, Future::succeededFuture);
    assertThat(check(checks).up()).isTrue();

    checks.markShuttingDown();

    HealthChecks.Report report = check(checks);
    assertThat(report.up()).isFalse();
    assertThat(report.body().getString("reason")).isEqualTo("shutting down");
  }
}
