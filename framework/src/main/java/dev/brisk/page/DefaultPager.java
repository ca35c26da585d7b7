package dev.brisk.page;

import dev.brisk.page.CursorException.Reason;
import dev.brisk.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@link Pager}: HMAC-signed cursors and PostgreSQL keyset SQL. Thread-safe. */
final class DefaultPager implements Pager {

  static final String REJECTED_METER = "brisk.page.cursor.rejected";
  private static final String LIMIT = "limit";
  /** How vertx-sql-client refuses a parameter whose Java type its SQL type cannot take. */
  private static final String UNBINDABLE = "can not be coerced to the expected class";
  /** How far ahead of this instance's clock another instance's stamp may be. */
  private static final long MAX_CLOCK_SKEW_SECONDS = 300;

  private final PageOptions options;
  private final CursorCodec codec;
  private final long ttlSeconds;
  /**
   * Cursors are stamped with the start of the current step of ttl/24 (at least a second), not
   * the current second: a page's bytes, its cursors included, and so its strong ETag stay the
   * same while its rows do, and {@code If-None-Match} on a list can answer 304.
   */
  private final long issueStepSeconds;
  private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

  @Override
  public PageOptions options() {
    return options;
  }

  DefaultPager(PageOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.codec = new CursorCodec(options.keys());
    this.ttlSeconds = options.ttl().toSeconds();
    this.issueStepSeconds = Math.max(1, ttlSeconds / 24);
    MeterRegistry registry = options.registry();
    for (Reason r : Reason.values()) {
      rejected.put(r, Counter.builder(REJECTED_METER)
          .description("Page cursors refused with 400, by reason")
          .tag("reason", r.tag)
          .register(registry));
    }
  }

  @Override
  public PageRequest parse(MultiMap query, Sort sort, Map<String, ?> filters) {
    Objects.requireNonNull(sort, "sort");
    Objects.requireNonNull(filters, "filters (use Map.of() when there are none)");
    int limit = limit(query.getAll(LIMIT));
    long filterHash = FilterHash.of(sort, filters);
    Cursor cursor = cursor(query.getAll(Links.CURSOR), sort, filterHash);
    return new PageRequest(sort, limit, cursor, filterHash);
  }

  private int limit(List<String> values) {
    if (values.isEmpty()) {
      return options.defaultLimit();
    }
    String expect = "limit must be an integer from 1 to " + options.maxLimit();
    if (values.size() > 1) {
      throw Problem.invalidParameter(LIMIT, "limit was given " + values.size()
          + " times; give it once, as an integer from 1 to " + options.maxLimit());
    }
    String v = values.get(0);
    if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw Problem.invalidParameter(LIMIT, expect + ", was '" + Texts.clip(v) + "'");
    }
    int n = Integer.parseInt(v);
    if (n < 1 || n > options.maxLimit()) {
      throw Problem.invalidParameter(LIMIT, expect + ", was " + n);
    }
    return n;
  }

  private Cursor cursor(List<String> values, Sort sort, long filterHash) {
    if (values.isEmpty() || values.size() == 1 && values.get(0).isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw Problem.invalidParameter(Links.CURSOR, "cursor must be given at most once");
    }
    try {
      return verify(values.get(0), sort, filterHash);
    } catch (CursorException e) {
      rejected.get(e.reason()).increment();
      throw Problem.invalidParameter(Links.CURSOR, detail(e.reason()));
    }
  }

  @Override
  public PageRequest resume(String source, String token, Sort sort, Map<String, ?> filters) {
    Objects.requireNonNull(source, "source");
    long filterHash = FilterHash.of(Objects.requireNonNull(sort, "sort"),
        Objects.requireNonNull(filters, "filters (use Map.of() when there are none)"));
    if (token == null || token.isBlank()) {
      return new PageRequest(sort, 0, null, filterHash);
    }
    try {
      Cursor c = verify(token, sort, filterHash);
      // A previous-page cursor of the same query is not a position a stream minted.
      if (c.isBackward() || c.inclusive()) {
        throw new CursorException(Reason.MISMATCH);
      }
      return new PageRequest(sort, 0, c, filterHash);
    } catch (CursorException e) {
      rejected.get(e.reason()).increment();
      throw Problem.badRequest(source + " is not a position of this stream: "
          + detail(e.reason()).replaceFirst("; repeat.*", "") + "; reconnect without "
          + source + " to start from the first row");
    }
  }

  @Override
  public <T> String position(PageRequest request, T row, KeyExtractor<T> keys) {
    long now = nowSeconds();
    return mint(request, Cursor.Direction.NEXT, row, keys, now - Math.floorMod(now,
        issueStepSeconds));
  }

  /** Decodes a token and checks it against the query; a {@link CursorException} otherwise. */
  private Cursor verify(String token, Sort sort, long filterHash) {
    Cursor c = codec.decode(token);
    long age = nowSeconds() - c.issuedAtSeconds();
    // A stamp is up to one step older than the cursor: it stays valid for ttl at least.
    if (age > ttlSeconds + issueStepSeconds) {
      throw new CursorException(Reason.EXPIRED);
    }
    // Minted later than now (past clock skew between instances): not one this server issued.
    if (age < -MAX_CLOCK_SKEW_SECONDS) {
      throw new CursorException(Reason.MALFORMED);
    }
    if (c.filterHash() != filterHash || c.keys().size() != sort.columns().size()) {
      throw new CursorException(Reason.MISMATCH);
    }
    requireKeyTypes(c, sort);
    return c;
  }

  /**
   * Each key a value of its column's type ({@link KeyType}), or NULL where the column may be
   * NULL (the keyset predicate assumes so): the driver would bind a decimal or an out-of-range
   * number to an integer column by truncating or wrapping it, and page from another row.
   */
  private static void requireKeyTypes(Cursor c, Sort sort) {
    for (int i = 0; i < c.keys().size(); i++) {
      Object key = c.keys().get(i);
      SortColumn column = sort.columns().get(i);
      if (key == null && !column.nullable()) {
        throw new CursorException(Reason.MISMATCH);
      }
      if (key != null && !column.type().accepts(key)) {
        throw new CursorException(Reason.MALFORMED);
      }
    }
  }

  private String detail(Reason reason) {
    String what = reason == Reason.EXPIRED
        ? reason.detail + " (cursors are valid for " + options.ttl().toString().substring(2)
            .toLowerCase() + ")"
        : reason.detail;
    return what + "; repeat the request without cursor to start from the first page";
  }

  @Override
  public Throwable queryFailure(PageRequest request, Throwable failure) {
    // vertx-sql-client checks each parameter against the statement's types before sending it
    // and fails with this sentence only; a cursor's keys are the only parameters of a page
    // query that the application did not validate itself.
    if (!request.hasCursor() || !(failure instanceof VertxException)
        || !String.valueOf(failure.getMessage()).contains(UNBINDABLE)) {
      return failure;
    }
    rejected.get(Reason.MALFORMED).increment();
    return Problem.invalidParameter(Links.CURSOR, detail(Reason.MALFORMED));
  }

  @Override
  public <T> PageResult<T> page(PageRequest req, List<T> rows, KeyExtractor<T> keys) {
    int limit = req.limit();
    boolean more = rows.size() > limit;
    List<T> data = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
    Cursor at = req.cursor();
    long now = nowSeconds();
    long stamp = now - Math.floorMod(now, issueStepSeconds);
    String next;
    String prev;
    if (req.isBackward()) {
      Collections.reverse(data);
      prev = more ? mint(req, Cursor.Direction.PREV, data.get(0), keys, stamp) : null;
      next = data.isEmpty() ? codec.encode(at.turned(stamp))
          : mint(req, Cursor.Direction.NEXT, data.get(data.size() - 1), keys, stamp);
    } else {
      next = more ? mint(req, Cursor.Direction.NEXT, data.get(data.size() - 1), keys, stamp)
          : null;
      prev = at == null ? null : data.isEmpty() ? codec.encode(at.turned(stamp))
          : mint(req, Cursor.Direction.PREV, data.get(0), keys, stamp);
    }
    return new PageResult<>(data, limit, next, prev, more);
  }

  private <T> String mint(PageRequest req, Cursor.Direction dir, T row, KeyExtractor<T> keys,
      long stamp) {
    List<SortColumn> cols = req.sort().columns();
    List<Object> values = new ArrayList<>(cols.size());
    for (SortColumn col : cols) {
      Object v = keys.value(row, col);
      if (!KeyValues.supports(v)) {
        throw new IllegalArgumentException("sort column " + col.name() + " yielded a "
            + v.getClass().getName() + ", which a cursor cannot hold");
      }
      // A cursor this server would then refuse: the column's declared type is wrong.
      if (v != null && !col.type().accepts(v)) {
        throw new IllegalArgumentException("sort column " + col.name() + " is declared "
            + col.type() + " but yielded a " + v.getClass().getName() + " (" + v
            + "); declare the type its rows hold");
      }
      values.add(v);
    }
    return codec.encode(new Cursor(dir, false, values, req.filterHash(), stamp));
  }

  private long nowSeconds() {
    return options.clock().instant().getEpochSecond();
  }
}
