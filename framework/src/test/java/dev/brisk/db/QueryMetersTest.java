package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueryMetersTest {

  private static final String SQL = "SELECT id, name FROM products WHERE id = $1";

  @Test
  void statements_are_timed_by_name_and_outcome_and_failures_add_their_series_when_they_happen() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryMeters meters = new QueryMeters(registry);

    meters.timer(SQL, true).record(2, TimeUnit.MILLISECONDS);
    meters.timer(new String(SQL), true).record(3, TimeUnit.MILLISECONDS);

    Timer success = registry.get("brisk.db.query").tag("statement", "select products")
        .tag("outcome", "success").timer();
    assertThat(success.count()).isEqualTo(2);
    assertThat(registry.find("brisk.db.query").tag("outcome", "error").timer()).isNull();

    meters.timer(SQL, false).record(1, TimeUnit.MILLISECONDS);
    assertThat(registry.get("brisk.db.query").tag("statement", "select products")
        .tag("outcome", "error").timer().count()).isEqualTo(1);
    assertThat(meters.timer(SQL, true)).isSameAs(success);
  }

  @Test
  void statements_are_named_by_their_verb_and_first_table() {
    assertThat(QueryMeters.statementName(SQL)).isEqualTo("select products");
    assertThat(QueryMeters.statementName("UPDATE stock SET n = n - 1")).isEqualTo("update stock");
    assertThat(QueryMeters.statementName("insert into orders (id) values ($1)"))
        .isEqualTo("insert orders");
    // An embed level's capped read: the table, not the key list it starts from.
    assertThat(QueryMeters.statementName("SELECT brisk_rows.* FROM unnest($1::bigint[]) AS "
        + "brisk_keys(k) CROSS JOIN LATERAL (SELECT p.id FROM products p WHERE p.category_id = "
        + "brisk_keys.k LIMIT 101) brisk_rows")).isEqualTo("select products");
    assertThat(QueryMeters.statementName("SELECT 1")).isEqualTo("select");
    assertThat(QueryMeters.statementName("  ")).isEqualTo("empty");
  }

  @Test
  void timeouts_and_rejections_exist_at_zero_before_the_first_one() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryMeters meters = new QueryMeters(registry);

    assertThat(registry.find("brisk.db.timeouts").counters())
        .extracting(c -> c.getId().getTag("cause"))
        .containsExactlyInAnyOrder("deadline", "statement_timeout");
    assertThat(registry.get("brisk.db.pool.rejected").counter().count()).isZero();

    meters.timeout(true);
    meters.rejected();
    assertThat(registry.get("brisk.db.timeouts").tag("cause", "deadline").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("brisk.db.timeouts").tag("cause", "statement_timeout").counter()
        .count()).isZero();
    assertThat(registry.get("brisk.db.pool.rejected").counter().count()).isEqualTo(1);
  }
}
