package dev.brisk.shop.data;

import dev.brisk.auth.ApiKey;
import dev.brisk.db.Db;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a deterministic {@link Dataset} with COPY, unless it is already there. Rows are generated
 * as COPY consumes them, so memory stays flat even for {@code large}.
 *
 * <p>{@code DatasetLoader.load(vertx, db, Dataset.SMALL)}
 */
public final class DatasetLoader {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);
  /**
   * What PostgreSQL does after the last row of a COPY into a table with foreign keys: it checks
   * every new row's references at the end of the statement. On the large dataset (two busy cores)
   * that took 84 s after the 27 s that sent the 3 million order_items rows.
   */
  private static final String FK_CHECKS = "PostgreSQL is checking foreign keys";
  /** The advisory lock that serializes loading across instances ("brisk-ds"). */
  private static final long LOCK_ID = 0x6272_6973_6b2d_6473L;
  private static final long LOCK_POLL_MS = 250;

  private DatasetLoader() {
  }

  /**
   * Loads the dataset into an empty schema; a no-op when it is already loaded. Instances starting
   * together on an empty database load it once: each waits for a session advisory lock, and the
   * ones after the first find the dataset there.
   */
  /** The hashes of the README's demo keys, which every dataset holds. */
  public static final List<String> DEMO_KEY_HASHES = List.of(ApiKey.hash("demo-free"),
      ApiKey.hash("demo-pro"), ApiKey.hash("demo-internal"));

  private static Tuple demoKeyHashes() {
    return Tuple.tuple(List.copyOf(DEMO_KEY_HASHES));
  }

  public static Future<Void> load(Vertx vertx, Db db, Dataset dataset) {
    return db.pool().getConnection().compose(lock -> locked(vertx, lock, true)
        .compose(x -> loadUnlocked(vertx, db, dataset))
        .eventually(() -> lock.preparedQuery("SELECT pg_advisory_unlock($1)")
            .execute(Tuple.of(LOCK_ID)).eventually(lock::close)));
  }

  // Polled with pg_try_advisory_lock: a blocking pg_advisory_lock would be cancelled by the
  // statement timeout while another instance loads a large dataset.
  private static Future<Void> locked(Vertx vertx, SqlConnection lock, boolean first) {
    return lock.preparedQuery("SELECT pg_try_advisory_lock($1) AS locked")
        .execute(Tuple.of(LOCK_ID)).compose(rows -> {
          if (rows.iterator().next().getBoolean("locked")) {
            return Future.succeededFuture();
          }
          if (first) {
            LOG.info("Another instance is loading the dataset; waiting for it");
          }
          Promise<Void> retry = Promise.promise();
          vertx.setTimer(LOCK_POLL_MS, t -> locked(vertx, lock, false).onComplete(retry));
          return retry.future();
        });
  }

  private static Future<Void> loadUnlocked(Vertx vertx, Db db, Dataset dataset) {
    return db.primary().query("SELECT name FROM dataset_info").compose(rows -> {
      if (rows.size() > 0) {
        String loaded = rows.iterator().next().getString("name");
        if (!loaded.equals(dataset.name())) {
          return Future.failedFuture(new IllegalStateException("The database already holds the '"
              + loaded + "' dataset; point BRISK_PG_URL at an empty database to load '"
              + dataset.name() + "'"));
        }
        LOG.info("Dataset '{}' already loaded; skipping", dataset.name());
        return Future.succeededFuture();
      }
      return copyAll(vertx, db, dataset);
    });
  }

  private static Future<Void> copyAll(Vertx vertx, Db db, Dataset d) {
    long start = System.nanoTime();
    LOG.info("Loading dataset '{}'", d.name());
    return db.query("TRUNCATE order_items, orders, api_keys, products, users, categories")
        .compose(x -> {
          BulkCopy copy = BulkCopy.open(vertx, db.options());
          return copyTables(copy, d).eventually(copy::close);
        })
        .compose(x -> db.query("INSERT INTO api_keys (key_hash, user_id, tier) VALUES "
            + "($1, 1, 'free'), ($2, 2, 'pro'), ($3, 3, 'internal')", demoKeyHashes()))
        .compose(x -> resetSequences(db))
        .compose(x -> {
          LOG.info("Updating planner statistics (ANALYZE)");
          return db.query("ANALYZE");
        })
        .compose(x -> db.query("INSERT INTO dataset_info (name) VALUES ($1)",
            Tuple.of(d.name())))
        .onSuccess(x -> LOG.info("Dataset '{}' loaded in {} s", d.name(),
            String.format("%.1f", (System.nanoTime() - start) / 1e9)))
        .mapEmpty();
  }

  private static Future<Long> copyTables(BulkCopy copy, Dataset d) {
    return copy(copy, "categories (id, name, slug, created_at)", d.categories(),
        Progress.console("categories", d.categories(), null), i -> Rows.category(i + 1))
        .compose(x -> copy(copy, "users (id, email, name, tier, created_at)", d.users(),
            Progress.console("users", d.users(), null), i -> Rows.user(i + 1)))
        .compose(x -> copy(copy, "products (id, sku, name, description, price_cents, stock,"
            + " category_id, version, created_at, updated_at)", d.products(),
            Progress.console("products", d.products(), FK_CHECKS),
            i -> Rows.product(i + 1, d.categories())))
        .compose(x -> copy(copy, "orders (id, user_id, status, total_cents, created_at)",
            d.orders(), Progress.console("orders", d.orders(), FK_CHECKS),
            i -> Rows.order(i + 1, d.users(), d.products())))
        // One chunk per order holds all its item rows; progress counts the rows.
        .compose(x -> copy(copy,
            "order_items (order_id, line, product_id, quantity, unit_price_cents)", d.orders(),
            Progress.console("order_items", Rows.itemTotal(d.orders()), FK_CHECKS),
            i -> Rows.items(i + 1, d.products())));
  }

  /** COPYs {@code chunks} chunks of CSV rows, chunk i being {@code line.apply(i)}. */
  private static Future<Long> copy(BulkCopy copy, String tableAndColumns, long chunks,
      Progress progress, LongFunction<CharSequence> line) {
    return copy.copyRows("COPY " + tableAndColumns + " FROM STDIN (FORMAT csv)", chunks, line,
        progress);
  }

  private static Future<Void> resetSequences(Db db) {
    return Future.all(
        db.query("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"),
        db.query("SELECT setval('products_id_seq', (SELECT max(id) FROM products))"),
        db.query("SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))")).mapEmpty();
  }

  /** Row counts per table, for checks and logs. */
  public static Future<Row> counts(Db db) {
    return db.query("SELECT (SELECT count(*) FROM categories) AS categories, "
        + "(SELECT count(*) FROM products) AS products, (SELECT count(*) FROM users) AS users, "
        + "(SELECT count(*) FROM orders) AS orders").map(rows -> rows.iterator().next());
  }
}
