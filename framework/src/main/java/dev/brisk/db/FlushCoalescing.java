package dev.brisk.db;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the statements that requests of one event-loop turn issue on a pipelined connection in one
 * write: vertx-sql-client flushes every statement on its own, one {@code write} system call (and,
 * on loopback, the receiver's wake-up) each, which cost a fifth of the event loop's CPU on
 * {@code GET /api/products/{id}}. A Netty {@link FlushConsolidationHandler} in front of the codec
 * holds flushes until the connection's read completes, or until the current event-loop task ends
 * ({@link StatementFlush#PER_TURN}); {@link StatementBatcher} sends a statement at once while the
 * server has nothing to answer ({@link StatementFlush#WHEN_IDLE}).
 *
 * <p>It reaches the Netty pipeline through vertx-sql-client's internal API; if a future version
 * changes that, connections work as before (each statement flushed) and one warning says so.
 */
final class FlushCoalescing {

  private static final Logger LOG = LoggerFactory.getLogger(FlushCoalescing.class);
  private static final String NAME = "brisk-flush-coalescing";
  // Flush at the latest after this many statements held, so a long burst still streams out.
  private static final int MAX_HELD_FLUSHES = 64;
  private static volatile boolean warned;

  private FlushCoalescing() {
  }

  /** Installs coalescing by {@code policy} on {@code connection}'s channel; true if it could. */
  static boolean install(SqlConnection connection, StatementFlush policy) {
    ChannelPipeline pipeline = pipeline(connection);
    if (pipeline == null) {
      if (!warned) {
        warned = true;
        LOG.warn("Cannot reach the PostgreSQL connection's channel ({}); statements are flushed "
            + "one by one", connection.getClass().getName());
      }
      return false;
    }
    if (pipeline.get(NAME) == null) {
      pipeline.addFirst(NAME, policy == StatementFlush.WHEN_IDLE
          ? new StatementBatcher(MAX_HELD_FLUSHES)
          : new FlushConsolidationHandler(MAX_HELD_FLUSHES, true));
    }
    return true;
  }

  /** The connection's Netty pipeline, or null where vertx-sql-client hides it. */
  static ChannelPipeline pipeline(SqlConnection connection) {
    if (!(connection instanceof SqlConnectionBase<?> base)) {
      return null;
    }
    Connection conn = base.unwrap();
    while (conn != conn.unwrap()) {
      conn = conn.unwrap();
    }
    return conn instanceof SocketConnectionBase socket
        ? socket.socket().channelHandlerContext().pipeline() : null;
  }
}
