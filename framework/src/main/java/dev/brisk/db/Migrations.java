package dev.brisk.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned SQL migrations from the classpath, applied in order at startup and recorded in a
 * {@code schema_version} table; applying twice is a no-op. Each migration runs in its own
 * transaction under an advisory lock, so instances starting together apply it once. A version
 * already recorded under another description fails the start rather than being skipped, and a
 * script that fails is named in the failure. A script waits at most 1 s for each lock it
 * takes, then lets go and is tried again later (12 tries, about a minute and a half): while it
 * waits, PostgreSQL queues every other statement on the table behind it, and the previous
 * release still serves from that table during a rolling update.
 *
 * <p>{@code Migrations.apply(vertx, db, List.of("db/V1__schema.sql", "db/V2__indexes.sql"))}
 *
 * <p>Resource names must look like {@code V<version>__<description>.sql}. The scripts are read
 * from the classpath on a worker thread ({@code executeBlocking}: class-path reads block); the
 * SQL runs on the caller's context. Call it at startup, before serving traffic.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern NAME = Pattern.compile("(?:.*/)?V(\\d+)__([\\w-]+)\\.sql");
  private static final long LOCK_ID = 0x6272_6973_6b00L;
  /** How long a script waits for one lock before it lets go ({@code lock_timeout}). */
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
  /**
   * How long a script may run ({@code statement_timeout}): an index build or a backfill takes
   * longer than the requests' statement timeout, which the pool's sessions carry.
   */
  static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(15);
  /** Tries of a script that cannot take its locks; about a minute and a half in all. */
  static final int LOCK_ATTEMPTS = 12;
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private Migrations() {
  }

  /** Applies the migrations not yet recorded; completes with how many ran. */
  public static Future<Integer> apply(Vertx vertx, Db db, List<String> resources) {
    for (String resource : resources) {
      if (!NAME.matcher(resource).matches()) {
        return Future.failedFuture(new IllegalArgumentException(
            "Migration " + resource + " must be named V<version>__<description>.sql"));
      }
    }
    return vertx.executeBlocking(() -> resources.stream().map(Migrations::read).toList(), false)
        .compose(scripts -> applyAll(vertx, db, resources, scripts));
  }

  private static Future<Integer> applyAll(Vertx vertx, Db db, List<String> resources,
      List<String> scripts) {
    // Under the lock too: CREATE TABLE IF NOT EXISTS run by two sessions at once can fail on the
    // table's row type ("type schema_version already exists").
    Future<Integer> chain = db.pool().withTransaction(conn -> conn
        .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_ID))
        // The table exists after the first run: its NOTICE would be logged as a warning.
        .compose(x -> conn.query("SET LOCAL client_min_messages = warning").execute())
        .compose(x -> conn.query("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY "
            + "KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
            .execute()).map(0));
    for (int i = 0; i < resources.size(); i++) {
      String resource = resources.get(i);
      String script = scripts.get(i);
      chain = chain.compose(n -> applyOne(vertx, db, resource, script, 1)
          .map(ran -> ran ? n + 1 : n));
    }
    return chain.onSuccess(n -> LOG.info("Schema migrations: {} applied, {} total", n,
        resources.size()));
  }

  /** Applies one script, trying again later while another session holds a lock it needs. */
  private static Future<Boolean> applyOne(Vertx vertx, Db db, String resource, String script,
      int attempt) {
    return applyOnce(db, resource, script).recover(e -> {
      if (!(e.getCause() instanceof PgException pg)
          || !LOCK_NOT_AVAILABLE.equals(pg.getSqlState()) || attempt == LOCK_ATTEMPTS) {
        return Future.failedFuture(e);
      }
      long delay = Math.min(MAX_RETRY_DELAY.toMillis(), 1000L << (attempt - 1));
      LOG.warn("Migration {} could not take its locks within {} ms: another session holds them "
          + "(a long transaction, a running export); retrying in {} ms (try {} of {})",
          resource, LOCK_TIMEOUT.toMillis(), delay, attempt + 1, LOCK_ATTEMPTS);
      Promise<Boolean> retried = Promise.promise();
      vertx.setTimer(delay, t -> applyOne(vertx, db, resource, script, attempt + 1)
          .onComplete(retried));
      return retried.future();
    });
  }

  private static Future<Boolean> applyOnce(Db db, String resource, String script) {
    Matcher m = NAME.matcher(resource);
    m.matches();
    int version = Integer.parseInt(m.group(1));
    String description = m.group(2);
    return db.pool().withTransaction(conn -> conn
        .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_ID))
        .compose(x -> conn.preparedQuery(
                "SELECT description FROM schema_version WHERE version = $1")
            .execute(Tuple.of(version)))
        .compose(rows -> rows.size() == 0
            ? run(conn, resource, version, description, script)
            : applied(resource, version, description,
                rows.iterator().next().getString("description"))));
  }

  /**
   * An applied version is skipped only under its own name: another script with a recorded
   * version (a second app or module migrating the same database, a renumbered file) would
   * otherwise be skipped without a word and its tables never made.
   */
  private static Future<Boolean> applied(String resource, int version, String description,
      String recorded) {
    if (recorded.equals(description)) {
      return Future.succeededFuture(false);
    }
    return Future.failedFuture(new IllegalStateException("Migration " + resource
        + " was not applied: version " + version + " is already recorded in schema_version as '"
        + recorded + "'; give it a version of its own in this database"));
  }

  private static Future<Boolean> run(SqlConnection conn, String resource, int version,
      String description, String script) {
    LOG.info("Applying migration V{} {}", version, description);
    return conn.query("SET LOCAL lock_timeout = " + LOCK_TIMEOUT.toMillis()
            + "; SET LOCAL statement_timeout = " + STATEMENT_TIMEOUT.toMillis()).execute()
        .compose(x -> conn.query(script).execute())
        .recover(e -> Future.failedFuture(new IllegalStateException("Migration " + resource
            + " failed: " + e.getMessage(), e)))
        .compose(x -> conn.preparedQuery(
                "INSERT INTO schema_version (version, description) VALUES ($1, $2)")
            .execute(Tuple.of(version, description)))
        .map(true);
  }

  /** The highest applied version, or 0. */
  public static Future<Integer> currentVersion(Db db) {
    return db.query("SELECT coalesce(max(version), 0) AS v FROM schema_version")
        .map(rows -> {
          Row row = rows.iterator().next();
          return row.getInteger("v");
        });
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("Migration resource not found: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
