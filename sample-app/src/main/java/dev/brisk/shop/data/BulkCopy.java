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
 * <p>{@code BulkCopy.copyIn(vertx, db.options(), "COPY t (a, b) FROM STDIN (FORMAT csv)", reader)}
 *
 * <p>vertx-pg-client does not speak the COPY sub-protocol yet, so this runs pgjdbc's
 * {@code CopyManager} on a worker thread through {@code executeBlocking}: it never touches an event
 * loop, and completes on the caller's context. Meant for startup and batch jobs, not request paths.
 */
public final class BulkCopy {

  private static final Duration MAX_COPY_TIME = Duration.ofMinutes(30);

  private BulkCopy() {
  }

  /** Streams the reader's CSV into the COPY statement; completes with the rows copied. */
  public static Future<Long> copyIn(Vertx vertx, DbOptions options, String copySql,
      Supplier<Reader> data) {
    // A named worker pool whose tasks may run for minutes (a million-row COPY), so Vert.x does
    // not report the legitimately long blocking call as a blocked worker.
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("brisk-bulk-copy", 2,
        MAX_COPY_TIME.toMinutes(), TimeUnit.MINUTES);
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
  public static Future<Long> copyRows(Vertx vertx, DbOptions options, String copySql,
      long chunks, LongFunction<CharSequence> line, Progress progress) {
    return copyIn(vertx, options, copySql, () -> new GeneratedReader(chunks, line, progress));
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
