package dev.brisk.page;

import static dev.brisk.page.KeyType.BIGINT;
import static dev.brisk.page.KeyType.TIMESTAMP;
import static dev.brisk.page.SortColumn.asc;
import static dev.brisk.page.SortColumn.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.problem.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortTest {

  private static final Sort ID = Sort.of("id", asc("id", "p.id", BIGINT));
  private static final Sort CREATED = Sort.of("created_at",
      asc("created_at", "p.created_at", TIMESTAMP), asc("id", "p.id", BIGINT));

  @Test
  void reversing_flips_every_column_and_the_name_prefix() {
    Sort rev = CREATED.reversed();
    assertThat(rev.name()).isEqualTo("-created_at");
    assertThat(rev.columns()).extracting(SortColumn::descending).containsExactly(true, true);
    assertThat(rev.reversed()).isEqualTo(CREATED);
  }

  @Test
  void selects_by_name_and_defaults_to_the_first() {
    List<Sort> sorts = List.of(ID, ID.reversed(), CREATED, CREATED.reversed());
    assertThat(Sort.select(null, sorts)).isEqualTo(ID);
    assertThat(Sort.select("", sorts)).isEqualTo(ID);
    assertThat(Sort.select("-created_at", sorts)).isEqualTo(CREATED.reversed());
  }

  @Test
  void unknown_sort_is_a_400_listing_the_allowed_names() {
    assertThatThrownBy(() -> Sort.select("price", List.of(ID, ID.reversed())))
        .isInstanceOfSatisfying(Problem.class, p -> {
          assertThat(p.status()).isEqualTo(400);
          assertThat(p.detail()).isEqualTo("sort must be one of id, -id, was 'price'");
          assertThat(p.errors().get(0).pointer()).isEqualTo("?sort");
        });
  }

  @Test
  void requires_a_not_null_tiebreaker_last_and_distinct_columns() {
    assertThatThrownBy(() -> Sort.of("x", asc("id", "id", BIGINT),
        asc("x", "x", BIGINT).asNullable()))
        .hasMessageContaining("unique NOT NULL tiebreaker");
    assertThatThrownBy(() -> Sort.of("x", asc("id", "id", BIGINT), desc("id", "id", BIGINT)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Sort.of("x")).hasMessageContaining("at least one column");
    assertThatThrownBy(() -> Sort.of(" ", asc("id", "id", BIGINT))).hasMessageContaining("blank");
    assertThatThrownBy(() -> asc("id", " ", BIGINT)).hasMessageContaining("sql of sort column id");
  }
}
