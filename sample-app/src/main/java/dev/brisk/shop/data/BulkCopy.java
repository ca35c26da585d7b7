package dev.brisk.shop.data;

import dev.brisk.db.DbOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgConnectOptions;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.postgresql.PGConnection;

/**
 * Bulk loads with PostgreSQL {@code COPY ... FROM STDIN}, for dataset generation and imports of
 * millions of rows.
 *
 * <p>{@code BulkCopy copy = BulkCopy.open(vertx, db.options());
 * copy.copyIn("COPY t (a, b) FROM STDIN (FORMAT csv)", reader).eventually(copy::close)}
 *
 * <p>vertx-pg-client does not speak the COPY sub-protocol yet, so this runs pgjdbc's
 * {@code CopyManager} on a worker thread through {@code executeBlocking}: it never touches an event
 * loop, and completes on the caller's context. Meant for startup and batch jobs, not request paths.
 * One instance serves every copy of a load and is closed after the last one: its worker pool is
 * made once (Vert.x registers a pool's meters each time one is made, and Micrometer warns about
 * the second registration).
 */
public final class BulkCopy {

  private static final Duration MAX_COPY_TIME = Duration.ofMinutes(30);

  private final WorkerExecutor worker;
  private final DbOptions options;

  private BulkCopy(WorkerExecutor worker, DbOptions options) {
    this.worker = worker;
    this.options = options;
  }

  /** Copies into the database of {@code options} until {@link #close}. */
  public static BulkCopy open(Vertx vertx, DbOptions options) {
    // A named worker pool whose tasks may run for minutes (a million-row COPY), so Vert.x does
    // not report the legitimately long blocking call as a blocked worker.
    return new BulkCopy(vertx.createSharedWorkerExecutor("brisk-bulk-copy", 2,
        MAX_COPY_TIME.toMinutes(), TimeUnit.MINUTES), options);
  }

  /** Streams the reader's CSV into the COPY statement; completes with the rows copied. */
  public Future<Long> copyIn(String copySql, Supplier<Reader> data) {
    return worker.executeBlocking(() -> {
      try (Connection conn = DriverManager.getConnection(jdbcUrl(options.url()));
           Reader reader = data.get()) {
        return conn.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, reader);
      }
    }, false);
  }

  /**
   * COPYs {@code chunks} generated chunks ({@code line.apply(i)} for i in 0..chunks-1, each one or
   * more newline-terminated rows) and reports each row to {@code progress}, then
   * {@link Progress#sent()} once the last one is handed to PostgreSQL; chunks are produced as COPY
   * consumes them, so memory stays flat for any row count.
   */
  public Future<Long> copyRows(String copySql, long chunks, LongFunction<CharSequence> line,
      Progress progress) {
    return copyIn(copySql, () -> new GeneratedReader(chunks, line, progress));
  }

  /** Releases the worker pool once no copy runs. */
  public Future<Void> close() {
    return worker.close();
  }

  static String jdbcUrl(String url) throws SQLException {
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
        .append(o.getHost()).append(':').append(o.getPort()).append('/')
        .append(o.getDatabase()).append("?user=").append(enc(o.getUser()));
    if (o.getPassword() != null) {
      jdbc.append("&password=").append(enc(o.getPassword()));
    }
    return jdbc.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
