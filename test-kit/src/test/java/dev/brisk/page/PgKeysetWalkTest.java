package dev.brisk.page;

import static dev.brisk.page.KeyType.BIGINT;
import static dev.brisk.page.KeyType.INTEGER;
import static dev.brisk.page.KeyType.NUMERIC;
import static dev.brisk.page.KeyType.TEXT;
import static dev.brisk.page.KeyType.TIMESTAMP;
import static dev.brisk.page.PagerParseTest.KEY;
import static dev.brisk.page.PagerParseTest.query;
import static dev.brisk.page.SortColumn.asc;
import static dev.brisk.page.SortColumn.desc;
import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks real PostgreSQL tables page by page and compares with one ORDER BY query. The expected
 * orders spell out no NULLS clause on purpose: they rely on PostgreSQL's own defaults, which the
 * keyset rules must match.
 */
class PgKeysetWalkTest {

  private static final KeyExtractor<Row> KEYS = (row, col) -> row.getValue(col.name());
  private static final Map<String, Object> FILTERS = Map.of("min_price_cents", 0);

  /** Each sort with the ORDER BY that must give the same sequence. */
  private static final Map<Sort, String> SORTS = sorts();

  private static Vertx vertx;
  private static Pool pool;
  private final Pager pager = Pager.create(PageOptions.defaults().withKeys(List.of(KEY))
      .withRegistry(new SimpleMeterRegistry()));

  private static Map<Sort, String> sorts() {
    Sort id = Sort.of("id", asc("id", "t.id", BIGINT));
    Sort price = Sort.of("price_cents", asc("price_cents", "t.price_cents", INTEGER),
        asc("id", "t.id", BIGINT));
    Sort sold = Sort.of("sold_at", asc("sold_at", "t.sold_at", TIMESTAMP).asNullable(),
        asc("id", "t.id", BIGINT));
    Sort weight = Sort.of("weight", asc("weight", "t.weight", NUMERIC).asNullable(),
        asc("id", "t.id", BIGINT));
    Sort name = Sort.of("name", asc("name", "t.name", TEXT), asc("id", "t.id", BIGINT));
    Sort mixed = Sort.of("mixed", asc("price_cents", "t.price_cents", INTEGER),
        desc("sold_at", "t.sold_at", TIMESTAMP).asNullable(), asc("id", "t.id", BIGINT));
    Map<Sort, String> m = new LinkedHashMap<>();
    m.put(id, "id");
    m.put(id.reversed(), "id DESC");
    m.put(price, "price_cents, id");
    m.put(price.reversed(), "price_cents DESC, id DESC");
    m.put(sold, "sold_at, id");
    m.put(sold.reversed(), "sold_at DESC, id DESC");
    m.put(weight, "weight, id");
    m.put(weight.reversed(), "weight DESC, id DESC");
    m.put(name, "name, id");
    m.put(mixed, "price_cents, sold_at DESC, id");
    m.put(mixed.reversed(), "price_cents DESC, sold_at, id DESC");
    return Collections.unmodifiableMap(m);
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = TestPg.pool(vertx, 2);
  }

  @AfterAll
  static void stop() {
    await(pool.close());
    await(vertx.close());
  }

  @Test
  void walks_every_sort_forwards_and_backwards_in_single_query_order() {
    String table = createTable(160, new SplittableRandom(1L));
    try {
      for (Map.Entry<Sort, String> e : SORTS.entrySet()) {
        List<Long> expected = ids("SELECT id FROM " + table + " ORDER BY " + e.getValue());
        for (int limit : new int[] {1, 7, 100}) {
          String what = e.getKey().name() + " limit " + limit;
          assertThat(walk(table, e.getKey(), limit, null)).as(what).isEqualTo(expected);
        }
      }
    } finally {
      await(pool.query("DROP TABLE " + table).execute());
    }
  }

  @Test
  void rows_existing_throughout_are_neither_skipped_nor_repeated_while_rows_come_and_go() {
    SplittableRandom random = new SplittableRandom(2L);
    for (Sort sort : List.copyOf(SORTS.keySet())) {
      String table = createTable(120, random);
      try {
        Churn backwards = new Churn(table, ids("SELECT id FROM " + table), random);
        List<Long> back = walk(table, sort, 6, backwards);
        checkChurnedWalk(sort.name() + " backwards", back, backwards, sort);
        Churn forwards = new Churn(table, ids("SELECT id FROM " + table), random);
        List<Long> seen = forwardUnderChurn(table, sort, 6, forwards);
        checkChurnedWalk(sort.name() + " forwards", seen, forwards, sort);
      } finally {
        await(pool.query("DROP TABLE " + table).execute());
      }
    }
  }

  /** Every row present throughout was seen exactly once, and in the table's sort order. */
  private static void checkChurnedWalk(String what, List<Long> seen, Churn churn, Sort sort) {
    List<Long> stable = new ArrayList<>(churn.initial);
    stable.removeAll(churn.deleted);
    assertThat(seen).as(what).doesNotHaveDuplicates().containsAll(stable);
    List<Long> finalOrder = ids("SELECT id FROM " + churn.table + " ORDER BY " + SORTS.get(sort));
    List<Long> seenSurvivors = new ArrayList<>(seen);
    seenSurvivors.retainAll(finalOrder);
    List<Long> orderOfSurvivors = new ArrayList<>(finalOrder);
    orderOfSurvivors.retainAll(seenSurvivors);
    assertThat(seenSurvivors).as(what + " order").isEqualTo(orderOfSurvivors);
  }

  @Test
  void an_empty_page_after_deletes_turns_back_to_the_rows_before_it() {
    for (String name : List.of("-sold_at", "sold_at", "mixed", "price_cents")) {
      Sort sort = Sort.select(name, List.copyOf(SORTS.keySet()));
      String table = createTable(30, new SplittableRandom(3L));
      try {
        PageResult<Row> first = fetch(table, sort, 5, null);
        List<Long> firstIds = ids(first.data());
        await(pool.preparedQuery("DELETE FROM " + table + " WHERE NOT (id = ANY($1))")
            .execute(Tuple.of(firstIds.toArray(new Long[0]))));
        PageResult<Row> empty = fetch(table, sort, 5, first.nextCursor());
        assertThat(empty.data()).isEmpty();
        assertThat(empty.hasMore()).isFalse();
        assertThat(empty.nextCursor()).isNull();
        PageResult<Row> back = fetch(table, sort, 5, empty.prevCursor());
        assertThat(ids(back.data())).as(name).isEqualTo(firstIds);
        assertThat(back.prevCursor()).isNull();
        assertThat(fetch(table, sort, 5, back.nextCursor()).data()).isEmpty();
      } finally {
        await(pool.query("DROP TABLE " + table).execute());
      }
    }
  }

  /**
   * Walks forwards to the end (checking each page's prev cursor leads back to the page before),
   * then backwards from the last page to the start; returns the backward walk's rows in display
   * order followed by the last page. {@code churn} (optional) changes the table between the
   * backward pages.
   */
  private List<Long> walk(String table, Sort sort, int limit, Churn churn) {
    PageResult<Row> page = fetch(table, sort, limit, null);
    List<Long> previous = null;
    while (true) {
      assertThat(page.hasMore()).isEqualTo(page.nextCursor() != null);
      if (churn == null && previous != null) {
        assertThat(ids(fetch(table, sort, limit, page.prevCursor()).data())).isEqualTo(previous);
      }
      if (page.nextCursor() == null) {
        break;
      }
      assertThat(page.data()).hasSize(limit);
      previous = ids(page.data());
      page = fetch(table, sort, limit, page.nextCursor());
    }
    List<Long> rows = new ArrayList<>(ids(page.data()));
    int backLimit = Math.min(limit + 2, 100);
    String prev = page.prevCursor();
    while (prev != null) {
      if (churn != null) {
        churn.step();
      }
      PageResult<Row> back = fetch(table, sort, backLimit, prev);
      assertThat(back.hasMore()).isEqualTo(back.prevCursor() != null);
      assertThat(back.nextCursor()).isNotNull();
      rows.addAll(0, ids(back.data()));
      prev = back.prevCursor();
    }
    return rows;
  }

  /** A forward walk that lets {@code churn} change the table before every page. */
  private List<Long> forwardUnderChurn(String table, Sort sort, int limit, Churn churn) {
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    do {
      churn.step();
      PageResult<Row> page = fetch(table, sort, limit, cursor);
      seen.addAll(ids(page.data()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return seen;
  }

  private PageResult<Row> fetch(String table, Sort sort, int limit, String cursor) {
    MultiMap q = cursor == null ? query("limit", "" + limit)
        : query("limit", "" + limit, "cursor", cursor);
    PageRequest req = pager.parse(q, sort, FILTERS);
    KeysetSql k = req.sql(2);
    String sql = "SELECT id, price_cents, sold_at, weight, name FROM " + table + " t"
        + " WHERE t.price_cents >= $1 AND " + k.predicate()
        + " ORDER BY " + k.orderBy() + " LIMIT " + k.limit();
    List<Object> params = new ArrayList<>();
    params.add(0);
    params.addAll(k.params());
    List<Row> rows = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return pager.page(req, rows, KEYS);
  }

  private static List<Long> ids(List<Row> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    rows.forEach(r -> ids.add(r.getLong("id")));
    return ids;
  }

  private static List<Long> ids(String sql) {
    List<Row> rows = new ArrayList<>();
    await(pool.query(sql).execute()).forEach(rows::add);
    return ids(rows);
  }

  private static String createTable(int rows, SplittableRandom random) {
    String table = "page_walk_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    await(pool.query("CREATE TABLE " + table + " (id bigint PRIMARY KEY, price_cents int NOT NULL,"
        + " sold_at timestamptz, weight numeric(8,2), name text NOT NULL)").execute());
    List<Tuple> batch = new ArrayList<>();
    for (long id = 1; id <= rows; id++) {
      batch.add(randomRow(id, random));
    }
    await(pool.preparedQuery(insert(table)).executeBatch(batch));
    return table;
  }

  private static String insert(String table) {
    return "INSERT INTO " + table + " VALUES ($1, $2, $3, $4, $5)";
  }

  /** Few distinct values per column, so ties and NULL runs span page boundaries. */
  private static Tuple randomRow(long id, SplittableRandom random) {
    OffsetDateTime base = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    OffsetDateTime sold = random.nextInt(3) == 0 ? null : base.plusMinutes(random.nextInt(8));
    BigDecimal weight = random.nextInt(4) == 0 ? null : BigDecimal.valueOf(random.nextInt(5), 1);
    String name = "item-" + (char) ('a' + random.nextInt(6));
    return Tuple.of(id, 100 * random.nextInt(6), sold, weight, name);
  }

  /** Inserts and deletes a few random rows per step and remembers what it deleted. */
  private static final class Churn {
    final List<Long> initial;
    final List<Long> deleted = new ArrayList<>();
    private final List<Long> present;
    final String table;
    private final SplittableRandom random;
    private long nextId;

    Churn(String table, List<Long> initial, SplittableRandom random) {
      this.table = table;
      this.initial = List.copyOf(initial);
      this.present = new ArrayList<>(initial);
      this.random = random;
      this.nextId = 1 + initial.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    void step() {
      List<Tuple> added = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        added.add(randomRow(nextId, random));
        present.add(nextId++);
      }
      await(pool.preparedQuery(insert(table)).executeBatch(added));
      for (int i = 0; i < 2 && !present.isEmpty(); i++) {
        Long victim = present.remove(random.nextInt(present.size()));
        deleted.add(victim);
        await(pool.preparedQuery("DELETE FROM " + table + " WHERE id = $1")
            .execute(Tuple.of(victim)));
      }
    }
  }
}
