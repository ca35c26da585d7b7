package dev.brisk.page;

import static dev.brisk.page.KeyType.BIGINT;
import static dev.brisk.page.KeyType.BOOLEAN;
import static dev.brisk.page.KeyType.DATE;
import static dev.brisk.page.KeyType.DOUBLE;
import static dev.brisk.page.KeyType.INTEGER;
import static dev.brisk.page.KeyType.NUMERIC;
import static dev.brisk.page.KeyType.SMALLINT;
import static dev.brisk.page.KeyType.TEXT;
import static dev.brisk.page.KeyType.TIMESTAMP;
import static dev.brisk.page.KeyType.UUID;
import static dev.brisk.page.PagerParseTest.KEY;
import static dev.brisk.page.PagerParseTest.problem;
import static dev.brisk.page.PagerParseTest.query;
import static dev.brisk.page.SortColumn.asc;
import static dev.brisk.page.SortColumn.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A cursor signed with a valid key is only taken when each key is a value of its column's
 * {@link KeyType}: the driver would bind a decimal or an out-of-range number to an integer
 * column by truncating or wrapping it. Fuzzed with forged cursors of every shape.
 */
class CursorKeyTypesTest {

  private static final Map<String, Object> FILTERS = Map.of("category_id", 3);
  private static final Sort BY_ID = Sort.of("id", asc("id", "p.id", BIGINT));
  private static final Sort BY_STOCK = Sort.of("stock", asc("stock", "p.stock", INTEGER),
      asc("id", "p.id", BIGINT));
  private static final List<Sort> SORTS = List.of(BY_ID, BY_STOCK,
      Sort.of("rank", desc("rank", "p.rank", SMALLINT).asNullable(), asc("id", "p.id", BIGINT)),
      Sort.of("weight", asc("weight", "p.weight", NUMERIC).asNullable(),
          asc("score", "p.score", DOUBLE), asc("id", "p.id", BIGINT)),
      Sort.of("name", asc("name", "p.name", TEXT), asc("active", "p.active", BOOLEAN),
          asc("key", "p.key", UUID)),
      Sort.of("created_at", desc("created_at", "p.created_at", TIMESTAMP),
          desc("day", "p.day", DATE).asNullable(), desc("id", "p.id", BIGINT)));

  private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Pager pager = Pager.create(PageOptions.defaults().withKeys(List.of(KEY))
      .withClock(clock).withRegistry(registry));
  private final CursorCodec codec = new CursorCodec(List.of(KEY));

  /** A value, and the column types it is a value of. */
  private record Sample(Object value, Set<KeyType> types) {
  }

  private static final List<Sample> SAMPLES = List.of(
      new Sample(7L, EnumSet.of(SMALLINT, INTEGER, BIGINT, NUMERIC, DOUBLE)),
      new Sample(7, EnumSet.of(SMALLINT, INTEGER, BIGINT, NUMERIC, DOUBLE)),
      new Sample((short) -7, EnumSet.of(SMALLINT, INTEGER, BIGINT, NUMERIC, DOUBLE)),
      new Sample(40_000L, EnumSet.of(INTEGER, BIGINT, NUMERIC, DOUBLE)),
      new Sample(Integer.MIN_VALUE, EnumSet.of(INTEGER, BIGINT, NUMERIC, DOUBLE)),
      new Sample(1L << 40, EnumSet.of(BIGINT, NUMERIC, DOUBLE)),
      new Sample(Long.MIN_VALUE, EnumSet.of(BIGINT, NUMERIC, DOUBLE)),
      new Sample(new BigDecimal("12.5"), EnumSet.of(NUMERIC)),
      new Sample(new BigDecimal("12"), EnumSet.of(NUMERIC)),
      new Sample(new BigDecimal("1E+30"), EnumSet.of(NUMERIC)),
      new Sample(new BigDecimal("1E+200000"), EnumSet.noneOf(KeyType.class)),
      new Sample(new BigDecimal("1E-20000"), EnumSet.noneOf(KeyType.class)),
      new Sample(Numeric.create(new BigDecimal("-3.25")), EnumSet.of(NUMERIC)),
      new Sample(Numeric.NaN, EnumSet.of(NUMERIC)),
      new Sample(12.5d, EnumSet.of(NUMERIC, DOUBLE)),
      new Sample(1.5f, EnumSet.of(NUMERIC, DOUBLE)),
      new Sample(Double.NaN, EnumSet.of(DOUBLE)),
      new Sample(Double.NEGATIVE_INFINITY, EnumSet.of(DOUBLE)),
      new Sample("12", EnumSet.of(TEXT)),
      new Sample("", EnumSet.of(TEXT)),
      new Sample(true, EnumSet.of(BOOLEAN)),
      new Sample(new java.util.UUID(1, 2), EnumSet.of(UUID)),
      new Sample(LocalDate.of(2024, 2, 29), EnumSet.of(DATE)),
      new Sample(LocalDate.of(-4712, 1, 1), EnumSet.of(DATE)),
      new Sample(LocalDate.of(6_000_000, 1, 1), EnumSet.noneOf(KeyType.class)),
      new Sample(LocalDate.of(-4713, 12, 31), EnumSet.noneOf(KeyType.class)),
      new Sample(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(2)),
          EnumSet.of(TIMESTAMP)),
      new Sample(Instant.parse("1999-12-31T23:59:59Z"), EnumSet.of(TIMESTAMP)),
      new Sample(LocalDateTime.of(294_276, 12, 31, 23, 59, 59), EnumSet.of(TIMESTAMP)),
      new Sample(LocalDateTime.of(294_277, 1, 1, 0, 0), EnumSet.noneOf(KeyType.class)),
      new Sample(Instant.MAX, EnumSet.noneOf(KeyType.class)));

  @Test
  void a_decimal_or_an_out_of_range_number_for_an_integer_column_is_a_400_naming_the_cursor() {
    for (Object id : new Object[] {new BigDecimal("12.5"), new BigDecimal("12"), 12.5d,
        new BigDecimal("1E+30")}) {
      Problem p = problem(() -> pager.parse(query("cursor", forge(BY_ID, id)), BY_ID, FILTERS),
          "cursor");
      assertThat(p.detail()).as("%s", id).startsWith("cursor is not a valid page cursor");
    }
    // int4 wraps a long past its range: 2^32 + 5 would be bound as 5.
    problem(() -> pager.parse(query("cursor", forge(BY_STOCK, (1L << 32) + 5, 1L)), BY_STOCK,
        FILTERS), "cursor");
    assertThat(rejected("malformed")).isEqualTo(5);
    // What the server mints for those columns is taken.
    assertThat(pager.parse(query("cursor", forge(BY_STOCK, 5, 1L)), BY_STOCK, FILTERS)
        .sql(1).params()).containsExactly(5, 1L);
    assertThat(pager.parse(query("cursor", forge(BY_ID, 12)), BY_ID, FILTERS).hasCursor())
        .isTrue();
  }

  @Test
  void a_key_of_another_type_for_each_column_type_is_refused() {
    for (Sort sort : SORTS) {
      for (int column = 0; column < sort.columns().size(); column++) {
        SortColumn col = sort.columns().get(column);
        for (Sample sample : SAMPLES) {
          Object[] keys = validKeys(sort);
          keys[column] = sample.value();
          String cursor = forge(sort, keys);
          Throwable t = catchThrowable(() -> pager.parse(query("cursor", cursor), sort,
              FILTERS));
          if (sample.types().contains(col.type())) {
            assertThat(t).as("%s for %s", sample.value(), col).isNull();
          } else {
            assertThat(t).as("%s for %s", sample.value(), col).isInstanceOf(Problem.class);
            assertThat(((Problem) t).status()).isEqualTo(400);
          }
        }
      }
    }
  }

  @Test
  void fuzzed_signed_cursors_are_taken_exactly_when_every_key_fits_and_otherwise_are_400() {
    SplittableRandom random = new SplittableRandom(42L);
    int taken = 0;
    for (int i = 0; i < 20_000; i++) {
      Sort minted = SORTS.get(random.nextInt(SORTS.size()));
      // Now and then another sort (wrong filter hash) or another key count.
      Sort asked = random.nextInt(10) == 0 ? SORTS.get(random.nextInt(SORTS.size())) : minted;
      int count = random.nextInt(8) == 0 ? random.nextInt(5) : minted.columns().size();
      List<Object> keys = new ArrayList<>();
      boolean fits = asked == minted && count == asked.columns().size();
      for (int k = 0; k < count; k++) {
        Sample sample = random.nextInt(12) == 0 ? new Sample(null, EnumSet.noneOf(KeyType.class))
            : SAMPLES.get(random.nextInt(SAMPLES.size()));
        keys.add(sample.value());
        if (k < minted.columns().size()) {
          SortColumn col = minted.columns().get(k);
          fits &= sample.value() == null ? col.nullable() : sample.types().contains(col.type());
        }
      }
      String cursor = codec.encode(new Cursor(random.nextBoolean() ? Cursor.Direction.NEXT
          : Cursor.Direction.PREV, random.nextInt(4) == 0, keys, FilterHash.of(minted, FILTERS),
          nowSeconds()));
      Throwable t = catchThrowable(() -> pager.parse(query("cursor", cursor), asked, FILTERS));
      if (fits) {
        assertThat(t).as("%s for sort %s", keys, asked.name()).isNull();
        taken++;
      } else {
        assertThat(t).as("%s for sort %s", keys, asked.name()).isInstanceOf(Problem.class);
        assertThat(((Problem) t).status()).isEqualTo(400);
        assertThat(((Problem) t).errors()).extracting(Problem.FieldError::pointer)
            .containsExactly("?cursor");
      }
    }
    assertThat(taken).as("cursors taken").isPositive();
  }

  @Test
  void signed_random_and_truncated_bodies_are_400_or_hold_keys_of_the_sorts_types() {
    SplittableRandom random = new SplittableRandom(9L);
    byte[] valid = body(forge(BY_STOCK, 5, 1L));
    for (int i = 0; i < 20_000; i++) {
      byte[] body;
      if (i % 3 == 0) {
        body = Arrays.copyOf(valid, 1 + random.nextInt(valid.length));
      } else if (i % 3 == 1) {
        body = valid.clone();
        body[1 + random.nextInt(body.length - 1)] = (byte) random.nextInt(256);
      } else {
        body = new byte[1 + random.nextInt(40)];
        random.nextBytes(body);
      }
      body[0] = CursorCodec.VERSION;
      String cursor = codec.seal(body);
      Throwable t = catchThrowable(() -> pager.parse(query("cursor", cursor), BY_STOCK,
          FILTERS));
      if (t == null) {
        List<Object> keys = codec.decode(cursor).keys();
        assertThat(INTEGER.accepts(keys.get(0)) && BIGINT.accepts(keys.get(1))).as("%s", keys)
            .isTrue();
      } else {
        assertThat(t).isInstanceOf(Problem.class);
        assertThat(((Problem) t).status()).isEqualTo(400);
      }
    }
  }

  @Test
  void a_row_whose_key_is_not_of_the_declared_type_fails_the_page_naming_the_column() {
    PageRequest first = pager.parse(query("limit", "1"), BY_STOCK, FILTERS);
    List<Object[]> rows = List.of(new Object[] {"five", 1L}, new Object[] {"six", 2L});
    assertThatThrownBy(() -> pager.page(first, rows,
        (row, col) -> col.name().equals("id") ? row[1] : row[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sort column stock is declared INTEGER")
        .hasMessageContaining("java.lang.String");
  }

  /** A key of every column's type, the sort's minted filter hash. */
  private static Object[] validKeys(Sort sort) {
    Object[] keys = new Object[sort.columns().size()];
    for (int i = 0; i < keys.length; i++) {
      KeyType type = sort.columns().get(i).type();
      keys[i] = SAMPLES.stream().filter(s -> s.types().contains(type)).findFirst().orElseThrow()
          .value();
    }
    return keys;
  }

  /** A next cursor for {@code sort} signed with the pager's key, holding {@code keys}. */
  private String forge(Sort sort, Object... keys) {
    return codec.encode(new Cursor(Cursor.Direction.NEXT, false, Arrays.asList(keys),
        FilterHash.of(sort, FILTERS), nowSeconds()));
  }

  private static byte[] body(String token) {
    byte[] raw = java.util.Base64.getUrlDecoder().decode(token);
    return Arrays.copyOf(raw, raw.length - CursorCodec.MAC_BYTES);
  }

  private long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  private double rejected(String reason) {
    return registry.get("brisk.page.cursor.rejected").tag("reason", reason).counter().count();
  }
}
