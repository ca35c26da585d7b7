package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WhereTest {

  @Test
  void no_conditions_is_true_without_params() {
    Where where = Where.create();
    assertThat(where.sql()).isEqualTo("TRUE");
    assertThat(where.params()).isEmpty();
    assertThat(where.nextParam()).isEqualTo(1);
  }

  @Test
  void numbers_placeholders_in_order_and_skips_null_values() {
    Where where = Where.create()
        .and("p.category_id = ?", 3L)
        .and("p.price_cents >= ?", null)
        .and("p.active")
        .and("p.price_cents <= ?", 500);
    assertThat(where.sql())
        .isEqualTo("(p.category_id = $1) AND (p.active) AND (p.price_cents <= $2)");
    assertThat(where.params()).containsExactly(3L, 500);
    assertThat(where.nextParam()).isEqualTo(3);
  }

  @Test
  void starts_with_escapes_like_wildcards_and_skips_null() {
    Where where = Where.create().startsWith("lower(p.name)", "50%_off\\")
        .startsWith("p.sku", null);
    assertThat(where.sql()).isEqualTo("(lower(p.name) LIKE $1)");
    assertThat(where.params()).containsExactly("50\\%\\_off\\\\%");
  }

  @Test
  void params_are_a_snapshot() {
    Where where = Where.create().and("a = ?", 1);
    List<Object> before = where.params();
    where.and("b = ?", 2);
    assertThat(before).containsExactly(1);
  }
}
