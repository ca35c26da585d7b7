package dev.brisk.page;

import static dev.brisk.page.PagerParseTest.FILTERS;
import static dev.brisk.page.PagerParseTest.KEY;
import static dev.brisk.page.PagerParseTest.PRICE;
import static dev.brisk.page.PagerParseTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The positions of a stream read in a sort ({@link Pager#position}, {@link Pager#resume}): they
 * resume after their row with the keyset predicate, and are refused, naming where they came
 * from, when altered, expired or minted for another query.
 */
class PagerResumeTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Pager pager = Pager.create(PageOptions.defaults().withKeys(List.of(KEY))
      .withClock(clock).withRegistry(registry).withTtl(Duration.ofHours(1)));
  private static final KeyExtractor<long[]> KEYS =
      (row, col) -> col.name().equals("id") ? row[1] : row[0];

  private String positionOf(long price, long id) {
    return pager.position(pager.resume("Last-Event-ID", null, PRICE, FILTERS),
        new long[] {price, id}, KEYS);
  }

  private Problem refused(String token, Sort sort, Map<String, ?> filters) {
    Throwable t = catchThrowable(() -> pager.resume("Last-Event-ID", token, sort, filters));
    assertThat(t).isInstanceOf(Problem.class);
    Problem p = (Problem) t;
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).startsWith("Last-Event-ID is not a position of this stream: cursor ")
        .endsWith("; reconnect without Last-Event-ID to start from the first row");
    return p;
  }

  @Test
  void without_a_token_the_stream_starts_at_the_first_row() {
    for (String none : new String[] {null, "", " "}) {
      KeysetSql k = pager.resume("Last-Event-ID", none, PRICE, FILTERS).sql(3);
      assertThat(k.predicate()).isEqualTo("TRUE");
      assertThat(k.orderBy()).isEqualTo("p.price_cents ASC, p.id ASC");
    }
  }

  @Test
  void a_position_resumes_after_its_row_with_a_row_value_comparison() {
    KeysetSql k = pager.resume("Last-Event-ID", positionOf(500, 7), PRICE, FILTERS).sql(3);
    assertThat(k.predicate()).isEqualTo("(p.price_cents, p.id) > ($3, $4)");
    assertThat(k.params()).containsExactly(500L, 7L);
    assertThat(k.orderBy()).isEqualTo("p.price_cents ASC, p.id ASC");
  }

  @Test
  void refuses_altered_expired_and_foreign_positions() {
    String position = positionOf(500, 7);
    char c = position.charAt(5);
    String altered = position.substring(0, 5) + (c == 'A' ? 'B' : 'A') + position.substring(6);
    assertThat(refused(altered, PRICE, FILTERS).detail()).contains("signature is invalid");
    assertThat(refused("7", PRICE, FILTERS).detail()).contains("not a valid page cursor");
    assertThat(refused(position, PRICE.reversed(), FILTERS).detail())
        .contains("different sort");
    assertThat(refused(position, PRICE, Map.of("category_id", 4)).detail())
        .contains("different sort");
    // A list's previous-page cursor of the same query names no row a stream went past.
    PageRequest first = pager.parse(query("limit", "1"), PRICE, FILTERS);
    String next = pager.page(first, List.of(new long[] {500, 1}, new long[] {600, 2}), KEYS)
        .nextCursor();
    String prev = pager.page(pager.parse(query("cursor", next), PRICE, FILTERS),
        List.of(new long[] {600, 2}), KEYS).prevCursor();
    assertThat(refused(prev, PRICE, FILTERS).detail()).contains("different sort");
    clock.advance(Duration.ofHours(3));
    assertThat(refused(position, PRICE, FILTERS).detail()).contains("expired");
    assertThat(registry.find(DefaultPager.REJECTED_METER).tag("reason", "expired").counter()
        .count()).isEqualTo(1);
  }
}
