package dev.brisk.page;

import static dev.brisk.page.KeyType.BIGINT;
import static dev.brisk.page.KeyType.TIMESTAMP;
import static dev.brisk.page.SortColumn.asc;
import static dev.brisk.page.SortColumn.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeysetSqlTest {

  private static final Sort PRICE = Sort.of("price_cents",
      asc("price_cents", "p.price_cents", BIGINT), asc("id", "p.id", BIGINT));
  private static final Sort SOLD = Sort.of("sold_at",
      asc("sold_at", "t.sold_at", TIMESTAMP).asNullable(), asc("id", "t.id", BIGINT));

  private static KeysetSql sql(Sort sort, Cursor.Direction dir, boolean inclusive, int first,
      Object... keys) {
    Cursor c = new Cursor(dir, inclusive, Arrays.asList(keys), 1L, 1L);
    return new PageRequest(sort, 20, c, 1L).sql(first);
  }

  private static KeysetSql next(Sort sort, Object... keys) {
    return sql(sort, Cursor.Direction.NEXT, false, 1, keys);
  }

  private static KeysetSql prev(Sort sort, Object... keys) {
    return sql(sort, Cursor.Direction.PREV, false, 1, keys);
  }

  @Test
  void first_page_has_no_predicate_and_fetches_one_extra_row() {
    KeysetSql k = new PageRequest(PRICE, 20, null, 1L).sql(3);
    assertThat(k.predicate()).isEqualTo("TRUE");
    assertThat(k.params()).isEmpty();
    assertThat(k.orderBy()).isEqualTo("p.price_cents ASC, p.id ASC");
    assertThat(k.limit()).isEqualTo(21);
    assertThat(k.nextParamIndex()).isEqualTo(3);
  }

  @Test
  void uses_a_row_value_comparison_when_columns_share_direction_and_are_not_null() {
    KeysetSql k = sql(PRICE, Cursor.Direction.NEXT, false, 3, 500, 7L);
    assertThat(k.predicate()).isEqualTo("(p.price_cents, p.id) > ($3, $4)");
    assertThat(k.params()).containsExactly(500, 7L);
    assertThat(k.nextParamIndex()).isEqualTo(5);
  }

  @Test
  void descending_sort_compares_with_less_than() {
    KeysetSql k = next(PRICE.reversed(), 500, 7L);
    assertThat(k.predicate()).isEqualTo("(p.price_cents, p.id) < ($1, $2)");
    assertThat(k.orderBy()).isEqualTo("p.price_cents DESC, p.id DESC");
  }

  @Test
  void single_column_sort_compares_the_column() {
    Sort byId = Sort.of("id", asc("id", "p.id", BIGINT));
    assertThat(next(byId, 9L).predicate()).isEqualTo("p.id > $1");
    assertThat(prev(byId.reversed(), 9L).predicate()).isEqualTo("p.id > $1");
    assertThat(prev(byId.reversed(), 9L).orderBy()).isEqualTo("p.id ASC");
  }

  @Test
  void paging_backwards_reverses_comparison_and_order() {
    KeysetSql k = prev(PRICE, 500, 7L);
    assertThat(k.predicate()).isEqualTo("(p.price_cents, p.id) < ($1, $2)");
    assertThat(k.orderBy()).isEqualTo("p.price_cents DESC, p.id DESC");
  }

  @Test
  void mixed_directions_expand_into_or_form_with_a_leading_range() {
    Sort mixed = Sort.of("m", asc("price_cents", "p.price_cents", BIGINT),
        desc("id", "p.id", BIGINT));
    KeysetSql k = next(mixed, 500, 7L);
    assertThat(k.predicate()).isEqualTo(
        "p.price_cents >= $1 AND (p.price_cents > $1 OR (p.price_cents = $1 AND p.id < $2))");
    assertThat(k.orderBy()).isEqualTo("p.price_cents ASC, p.id DESC");
    assertThat(prev(mixed, 500, 7L).predicate()).isEqualTo(
        "p.price_cents <= $1 AND (p.price_cents < $1 OR (p.price_cents = $1 AND p.id > $2))");
  }

  @Test
  void nullable_ascending_column_lets_nulls_follow_every_value() {
    KeysetSql k = next(SOLD, "2024", 7L);
    assertThat(k.predicate()).isEqualTo(
        "((t.sold_at > $1 OR t.sold_at IS NULL) OR (t.sold_at = $1 AND t.id > $2))");
    assertThat(k.orderBy()).isEqualTo("t.sold_at ASC NULLS LAST, t.id ASC");
  }

  @Test
  void null_key_ascending_reads_only_the_remaining_nulls() {
    KeysetSql k = next(SOLD, null, 7L);
    assertThat(k.predicate()).isEqualTo("(t.sold_at IS NULL AND t.id > $1)");
    assertThat(k.params()).containsExactly(7L);
    assertThat(k.nextParamIndex()).isEqualTo(2);
  }

  @Test
  void null_key_backwards_reads_every_value_before_the_nulls() {
    KeysetSql k = prev(SOLD, null, 7L);
    assertThat(k.predicate())
        .isEqualTo("(t.sold_at IS NOT NULL OR (t.sold_at IS NULL AND t.id < $1))");
    assertThat(k.orderBy()).isEqualTo("t.sold_at DESC NULLS FIRST, t.id DESC");
  }

  @Test
  void nullable_descending_column_puts_nulls_first() {
    Sort desc = SOLD.reversed();
    assertThat(desc.name()).isEqualTo("-sold_at");
    assertThat(next(desc, "2024", 7L).predicate())
        .isEqualTo("(t.sold_at < $1 OR (t.sold_at = $1 AND t.id < $2))");
    assertThat(next(desc, null, 7L).predicate())
        .isEqualTo("(t.sold_at IS NOT NULL OR (t.sold_at IS NULL AND t.id < $1))");
    assertThat(next(desc, "2024", 7L).orderBy()).isEqualTo("t.sold_at DESC NULLS FIRST, t.id DESC");
  }

  @Test
  void inclusive_cursor_also_reads_the_row_at_the_key() {
    assertThat(sql(PRICE, Cursor.Direction.PREV, true, 1, 500, 7L).predicate())
        .isEqualTo("(p.price_cents, p.id) <= ($1, $2)");
    assertThat(sql(SOLD, Cursor.Direction.NEXT, true, 1, null, 7L).predicate())
        .isEqualTo("(t.sold_at IS NULL AND (t.id > $1 OR t.id = $1))");
  }

  @Test
  void rejects_a_placeholder_index_below_one() {
    assertThatThrownBy(() -> new PageRequest(PRICE, 20, null, 1L).sql(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
  }
}
