package dev.brisk.page;

import static dev.brisk.page.PagerParseTest.KEY;
import static dev.brisk.page.PagerParseTest.PRICE;
import static dev.brisk.page.PagerParseTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagerPageTest {

  record Item(int price, long id) {
  }

  private static final KeyExtractor<Item> KEYS =
      (item, col) -> col.name().equals("id") ? (Object) item.id() : (Object) item.price();
  private static final Map<String, Object> FILTERS = Map.of("category_id", 3);

  private final Pager pager = Pager.create(PageOptions.defaults().withKeys(List.of(KEY))
      .withClock(new FakeClock(Instant.parse("2025-01-01T00:00:00Z")))
      .withRegistry(new SimpleMeterRegistry()));

  private PageRequest request(String limit, String cursor) {
    return cursor == null
        ? pager.parse(query("limit", limit), PRICE, FILTERS)
        : pager.parse(query("limit", limit, "cursor", cursor), PRICE, FILTERS);
  }

  private static List<Item> items(int... ids) {
    List<Item> out = new ArrayList<>();
    for (int id : ids) {
      out.add(new Item(100 * (id / 2), id));
    }
    return out;
  }

  @Test
  void first_page_with_an_extra_row_has_next_but_no_prev() {
    PageResult<Item> page = pager.page(request("3", null), items(1, 2, 3, 4), KEYS);
    assertThat(page.data()).isEqualTo(items(1, 2, 3));
    assertThat(page.hasMore()).isTrue();
    assertThat(page.prevCursor()).isNull();
    assertThat(page.limit()).isEqualTo(3);
    PageRequest next = request("3", page.nextCursor());
    assertThat(next.isBackward()).isFalse();
    assertThat(next.sql(1).params()).containsExactly(100, 3L);
    assertThat(next.sql(1).predicate()).isEqualTo("(p.price_cents, p.id) > ($1, $2)");
  }

  @Test
  void last_forward_page_has_prev_from_its_first_row_and_no_next() {
    String cursor = pager.page(request("3", null), items(1, 2, 3, 4), KEYS).nextCursor();
    PageResult<Item> page = pager.page(request("3", cursor), items(4, 5), KEYS);
    assertThat(page.hasMore()).isFalse();
    assertThat(page.nextCursor()).isNull();
    PageRequest back = request("3", page.prevCursor());
    assertThat(back.isBackward()).isTrue();
    assertThat(back.sql(1).params()).containsExactly(200, 4L);
    assertThat(back.sql(1).orderBy()).isEqualTo("p.price_cents DESC, p.id DESC");
  }

  @Test
  void backward_page_is_reordered_for_display_and_has_more_looks_backwards() {
    String cursor = pager.page(request("2", null), items(5, 6, 7), KEYS).nextCursor();
    String prev = pager.page(request("2", cursor), items(7, 8, 9), KEYS).prevCursor();
    List<Item> fetched = items(6, 5, 4);
    PageResult<Item> page = pager.page(request("2", prev), fetched, KEYS);
    assertThat(page.data()).isEqualTo(items(5, 6));
    assertThat(page.hasMore()).isTrue();
    assertThat(request("2", page.prevCursor()).sql(1).params()).containsExactly(200, 5L);
    assertThat(request("2", page.nextCursor()).sql(1).params()).containsExactly(300, 6L);
    assertThat(request("2", page.nextCursor()).isBackward()).isFalse();
  }

  @Test
  void backward_page_reaching_the_start_has_no_prev() {
    String cursor = pager.page(request("2", null), items(1, 2, 3), KEYS).nextCursor();
    String prev = pager.page(request("2", cursor), items(3, 4), KEYS).prevCursor();
    PageResult<Item> page = pager.page(request("2", prev), items(2, 1), KEYS);
    assertThat(page.data()).isEqualTo(items(1, 2));
    assertThat(page.hasMore()).isFalse();
    assertThat(page.prevCursor()).isNull();
    assertThat(page.nextCursor()).isNotNull();
  }

  @Test
  void empty_forward_page_turns_back_to_the_same_gap_inclusively() {
    String cursor = pager.page(request("2", null), items(1, 2, 3), KEYS).nextCursor();
    PageResult<Item> empty = pager.page(request("2", cursor), List.of(), KEYS);
    assertThat(empty.data()).isEmpty();
    assertThat(empty.hasMore()).isFalse();
    assertThat(empty.nextCursor()).isNull();
    KeysetSql back = request("2", empty.prevCursor()).sql(1);
    assertThat(back.predicate()).isEqualTo("(p.price_cents, p.id) <= ($1, $2)");
    assertThat(back.params()).containsExactly(100, 2L);
    PageResult<Item> again = pager.page(request("2", empty.prevCursor()), List.of(), KEYS);
    assertThat(request("2", again.nextCursor()).sql(1).predicate())
        .isEqualTo("(p.price_cents, p.id) > ($1, $2)");
  }

  @Test
  void an_empty_first_page_has_no_cursors() {
    PageResult<Item> page = pager.page(request("5", null), Collections.emptyList(), KEYS);
    assertThat(page.nextCursor()).isNull();
    assertThat(page.prevCursor()).isNull();
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void refuses_a_key_value_a_cursor_cannot_hold() {
    KeyExtractor<Item> bad = (item, col) -> new Object();
    assertThatThrownBy(() -> pager.page(request("1", null), items(1, 2), bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price_cents");
  }
}
