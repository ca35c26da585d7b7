package dev.brisk.test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;

/**
 * Controls WAL replay on a PostgreSQL streaming replica (a dev-services replica, {@code
 * DevServicesOptions.withReplica(true)}), for replica-lag tests: while replay is paused the
 * replica keeps receiving WAL but shows none of the new writes. Needs a superuser URL (the
 * dev-services replica URL is one) and PostgreSQL 14 or newer.
 *
 * <p>{@code TestBrisk.await(TestReplica.pauseReplay(vertx, dev.pgReplicaUrl()));}
 *
 * <p>Non-blocking; the futures complete on a Vert.x context.
 */
public final class TestReplica {

  private TestReplica() {
  }

  /**
   * Pauses replay ({@code pg_wal_replay_pause()}) and completes once the replica reports the
   * pause requested or done: it checks before applying each WAL record, so nothing written on
   * the primary afterwards becomes visible there.
   */
  public static Future<Void> pauseReplay(Vertx vertx, String replicaUrl) {
    SqlClient client = PgBuilder.client().connectingTo(replicaUrl).using(vertx).build();
    return client.query("SELECT pg_wal_replay_pause()").execute()
        .compose(x -> awaitPaused(vertx, client))
        .eventually(client::close);
  }

  /** Resumes replay ({@code pg_wal_replay_resume()}); the replica then catches up. */
  public static Future<Void> resumeReplay(Vertx vertx, String replicaUrl) {
    SqlClient client = PgBuilder.client().connectingTo(replicaUrl).using(vertx).build();
    return client.query("SELECT pg_wal_replay_resume()").execute().<Void>mapEmpty()
        .eventually(client::close);
  }

  private static Future<Void> awaitPaused(Vertx vertx, SqlClient client) {
    return client.query("SELECT pg_get_wal_replay_pause_state()").execute()
        .compose(rows -> !"not paused".equals(rows.iterator().next().getString(0))
            ? Future.succeededFuture()
            : vertx.timer(10).compose(x -> awaitPaused(vertx, client)));
  }
}
