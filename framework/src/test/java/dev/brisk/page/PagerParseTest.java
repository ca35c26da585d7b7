package dev.brisk.page;

import static dev.brisk.page.KeyType.BIGINT;
import static dev.brisk.page.SortColumn.asc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PagerParseTest {

  static final byte[] KEY = "test-key-0123456789abcdef".getBytes(UTF_8);
  static final byte[] OLD_KEY = "old-key-0123456789abcdef".getBytes(UTF_8);
  static final Sort PRICE = Sort.of("price_cents",
      asc("price_cents", "p.price_cents", BIGINT), asc("id", "p.id", BIGINT));
  static final Map<String, Object> FILTERS = Map.of("category_id", 3, "q", "red");

  private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PageOptions options = PageOptions.defaults().withKeys(List.of(KEY))
      .withClock(clock).withRegistry(registry).withTtl(Duration.ofHours(1));
  private final Pager pager = Pager.create(options);

  static MultiMap query(String... nameValues) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.add(nameValues[i], nameValues[i + 1]);
    }
    return m;
  }

  static Problem problem(Runnable call, String param) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).isInstanceOf(Problem.class);
    Problem p = (Problem) t;
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.type()).endsWith("/invalid-parameter");
    assertThat(p.errors()).extracting(Problem.FieldError::pointer).containsExactly("?" + param);
    return p;
  }

  /** A next cursor minted by {@code p} for PRICE and {@code filters}. */
  static String nextCursor(Pager p, Map<String, ?> filters) {
    PageRequest first = p.parse(query("limit", "1"), PRICE, filters);
    List<long[]> rows = List.of(new long[] {500, 1}, new long[] {600, 2});
    return p.page(first, rows, (row, col) -> col.name().equals("id") ? row[1] : row[0])
        .nextCursor();
  }

  @Test
  void uses_the_default_limit_and_first_page_without_parameters() {
    PageRequest req = pager.parse(query(), PRICE, FILTERS);
    assertThat(req.limit()).isEqualTo(20);
    assertThat(req.hasCursor()).isFalse();
    assertThat(pager.parse(query("cursor", ""), PRICE, FILTERS).hasCursor()).isFalse();
  }

  @Test
  void accepts_limits_from_one_to_the_maximum() {
    assertThat(pager.parse(query("limit", "1"), PRICE, FILTERS).limit()).isEqualTo(1);
    assertThat(pager.parse(query("limit", "100"), PRICE, FILTERS).limit()).isEqualTo(100);
    assertThat(pager.parse(query("limit", "007"), PRICE, FILTERS).limit()).isEqualTo(7);
  }

  @Test
  void rejects_limits_out_of_range_or_not_plain_integers() {
    for (String bad : List.of("0", "101", "-1", "abc", "", "1.5", " 5", "+5", "1e2", "99999999999",
        "٣")) {
      Problem p = problem(() -> pager.parse(query("limit", bad), PRICE, FILTERS), "limit");
      assertThat(p.detail()).startsWith("limit must be an integer from 1 to 100");
    }
    assertThat(problem(() -> pager.parse(query("limit", "5", "limit", "6"), PRICE, FILTERS),
        "limit").detail())
        .isEqualTo("limit was given 2 times; give it once, as an integer from 1 to 100");
  }

  @Test
  void random_limits_are_accepted_only_in_range_and_otherwise_fail_as_400() {
    SplittableRandom random = new SplittableRandom(11L);
    String chars = "0123456789-+ .eaZ٣";
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(6); n > 0; n--) {
        sb.append(chars.charAt(random.nextInt(random.nextBoolean() ? 10 : chars.length())));
      }
      String v = sb.toString();
      Throwable t = catchThrowable(() -> pager.parse(query("limit", v), PRICE, FILTERS));
      if (t == null) {
        accepted++;
        int n = Integer.parseInt(v);
        assertThat(pager.parse(query("limit", v), PRICE, FILTERS).limit()).isEqualTo(n)
            .isBetween(1, 100);
      } else {
        problem(() -> pager.parse(query("limit", v), PRICE, FILTERS), "limit");
      }
    }
    assertThat(accepted).isPositive();
  }

  @Test
  void random_cursors_only_ever_fail_as_400() {
    SplittableRandom random = new SplittableRandom(5L);
    String real = nextCursor(pager, FILTERS);
    for (int i = 0; i < 10_000; i++) {
      char[] c = real.toCharArray();
      c[random.nextInt(c.length)] = (char) (32 + random.nextInt(95));
      String v = i % 3 == 0 ? real.substring(0, random.nextInt(real.length())) : new String(c);
      if (!v.isEmpty() && !v.equals(real)) {
        problem(() -> pager.parse(query("cursor", v), PRICE, FILTERS), "cursor");
      }
    }
  }

  @Test
  void accepts_its_own_cursor_for_the_same_sort_and_filters_in_any_order() {
    String cursor = nextCursor(pager, FILTERS);
    Map<String, Object> reordered = new HashMap<>();
    reordered.put("q", "red");
    reordered.put("max_price_cents", null);
    reordered.put("category_id", 3L);
    PageRequest req = pager.parse(query("cursor", cursor, "limit", "5"), PRICE, reordered);
    assertThat(req.hasCursor()).isTrue();
    assertThat(req.isBackward()).isFalse();
    assertThat(req.sql(1).params()).containsExactly(500L, 1L);
  }

  @Test
  void cursors_minted_within_one_step_of_ttl_over_24_are_identical_so_a_page_keeps_its_etag() {
    String first = nextCursor(pager, FILTERS);
    clock.advance(Duration.ofSeconds(149));
    assertThat(nextCursor(pager, FILTERS)).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    assertThat(nextCursor(pager, FILTERS)).isNotEqualTo(first);
  }

  @Test
  void rejects_a_tampered_cursor() {
    String cursor = nextCursor(pager, FILTERS);
    char last = cursor.charAt(10);
    String tampered = cursor.substring(0, 10) + (last == 'A' ? 'B' : 'A') + cursor.substring(11);
    Problem p = problem(() -> pager.parse(query("cursor", tampered), PRICE, FILTERS), "cursor");
    assertThat(p.detail()).contains("signature is invalid");
    assertThat(rejected("signature")).isEqualTo(1);
  }

  @Test
  void rejects_an_expired_cursor_by_the_injected_clock() {
    // Minted 100 s into a 150 s step (ttl 1 h / 24): stamped with the step's start, valid for
    // the ttl from its minting at least, and at most one step longer.
    clock.advance(Duration.ofSeconds(100));
    String cursor = nextCursor(pager, FILTERS);
    clock.advance(Duration.ofHours(1));
    assertThat(pager.parse(query("cursor", cursor), PRICE, FILTERS).hasCursor()).isTrue();
    clock.advance(Duration.ofSeconds(50));
    assertThat(pager.parse(query("cursor", cursor), PRICE, FILTERS).hasCursor()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    Problem p = problem(() -> pager.parse(query("cursor", cursor), PRICE, FILTERS), "cursor");
    assertThat(p.detail()).contains("expired").contains("1h");
    assertThat(rejected("expired")).isEqualTo(1);
  }

  @Test
  void rejects_a_cursor_stamped_past_the_clock_skew_of_another_instance() {
    FakeClock ahead = new FakeClock(Instant.parse("2025-01-01T00:04:00Z"));
    String skewed = nextCursor(Pager.create(options.withClock(ahead)), FILTERS);
    assertThat(pager.parse(query("cursor", skewed), PRICE, FILTERS).hasCursor()).isTrue();
    ahead.advance(Duration.ofMinutes(10));
    String future = nextCursor(Pager.create(options.withClock(ahead)), FILTERS);
    Problem p = problem(() -> pager.parse(query("cursor", future), PRICE, FILTERS), "cursor");
    assertThat(p.detail()).contains("not a valid page cursor");
    assertThat(rejected("malformed")).isEqualTo(1);
  }

  @Test
  void rejects_a_signed_cursor_with_a_null_key_for_a_column_that_cannot_be_null() {
    // Only the server can sign one; the keyset predicate of a NOT NULL column assumes a value.
    String forged = new CursorCodec(List.of(KEY)).encode(new Cursor(Cursor.Direction.NEXT, false,
        Arrays.asList(null, 2L), FilterHash.of(PRICE, FILTERS), 1_735_689_600L));
    problem(() -> pager.parse(query("cursor", forged), PRICE, FILTERS), "cursor");
    assertThat(rejected("mismatch")).isEqualTo(1);
  }

  @Test
  void rejects_a_cursor_minted_for_other_filters_or_another_sort() {
    String cursor = nextCursor(pager, FILTERS);
    List<Map<String, Object>> others = List.of(Map.of("category_id", 4, "q", "red"),
        Map.of("category_id", 3), Map.of("category_id", 3, "q", "red", "min_price_cents", 1));
    for (Map<String, Object> other : others) {
      Problem p = problem(() -> pager.parse(query("cursor", cursor), PRICE, other), "cursor");
      assertThat(p.detail()).contains("different sort, different filters or another caller");
    }
    problem(() -> pager.parse(query("cursor", cursor), PRICE.reversed(), FILTERS), "cursor");
    assertThat(rejected("mismatch")).isEqualTo(4);
  }

  @Test
  void rejects_a_cursor_after_its_sort_was_redefined_under_the_same_name() {
    String cursor = nextCursor(pager, FILTERS);
    Sort redefined = Sort.of("price_cents", asc("price_cents", "p.price_cents", BIGINT),
        SortColumn.desc("id", "p.id", BIGINT));
    problem(() -> pager.parse(query("cursor", cursor), redefined, FILTERS), "cursor");
    assertThat(rejected("mismatch")).isEqualTo(1);
  }

  @Test
  void rotated_keys_accept_old_cursors_and_sign_with_the_new_key() {
    Pager old = Pager.create(options.withKeys(List.of(OLD_KEY)));
    Pager rotated = Pager.create(options.withKeys(List.of(KEY, OLD_KEY)));
    String oldCursor = nextCursor(old, FILTERS);
    assertThat(rotated.parse(query("cursor", oldCursor), PRICE, FILTERS).hasCursor()).isTrue();
    String newCursor = nextCursor(rotated, FILTERS);
    assertThat(pager.parse(query("cursor", newCursor), PRICE, FILTERS).hasCursor()).isTrue();
    problem(() -> old.parse(query("cursor", newCursor), PRICE, FILTERS), "cursor");
    problem(() -> pager.parse(query("cursor", oldCursor), PRICE, FILTERS), "cursor");
  }

  @Test
  void rejects_malformed_repeated_and_foreign_version_cursors() {
    String cursor = nextCursor(pager, FILTERS);
    problem(() -> pager.parse(query("cursor", cursor, "cursor", cursor), PRICE, FILTERS),
        "cursor");
    problem(() -> pager.parse(query("cursor", "not a cursor!"), PRICE, FILTERS), "cursor");
    String v2 = "Ag" + cursor.substring(2);
    Problem p = problem(() -> pager.parse(query("cursor", v2), PRICE, FILTERS), "cursor");
    assertThat(p.detail()).contains("incompatible version");
    assertThat(rejected("malformed")).isEqualTo(1);
    assertThat(rejected("version")).isEqualTo(1);
  }

  private double rejected(String reason) {
    return registry.get("brisk.page.cursor.rejected").tag("reason", reason).counter().count();
  }
}
