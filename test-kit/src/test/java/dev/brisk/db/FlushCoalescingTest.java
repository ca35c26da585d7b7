package dev.brisk.db;

import static dev.brisk.test.TestBrisk.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.test.TestPg;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements of one event-loop turn leave in one write (two with {@code when-idle}), and every one
 * of them completes.
 */
class FlushCoalescingTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void twenty_statements_of_one_turn_reach_the_socket_in_one_flush() {
    assertThat(flushesForTwentyStatements(StatementFlush.PER_TURN)).isEqualTo(1);
  }

  @Test
  void without_it_each_statement_is_flushed_on_its_own() {
    assertThat(flushesForTwentyStatements(null)).isEqualTo(20);
  }

  @Test
  void when_idle_the_first_statement_leaves_at_once_and_the_rest_together() {
    assertThat(flushesForTwentyStatements(StatementFlush.WHEN_IDLE)).isEqualTo(2);
  }

  @Test
  void the_pipelined_client_answers_bursts_issued_inside_and_outside_reads() {
    for (StatementFlush policy : StatementFlush.values()) {
      answersBursts(policy);
    }
  }

  private static void answersBursts(StatementFlush policy) {
    Db db = Db.create(vertx, DbOptions.fromUrl(TestPg.url()).withPoolSize(1)
        .withStatementFlush(policy).withRegistry(new SimpleMeterRegistry()));
    // The second burst is issued while the first one's results are being read.
    List<Integer> all = await(TestPg.on(vertx.getOrCreateContext(), () -> burst(db, 0)
        .compose(first -> burst(db, 100).map(second -> {
          List<Integer> both = new ArrayList<>(first);
          both.addAll(second);
          return both;
        }))));
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(i);
    }
    for (int i = 0; i < 20; i++) {
      expected.add(100 + i);
    }
    assertThat(all).containsExactlyElementsOf(expected);
    await(db.close());
  }

  private static Future<List<Integer>> burst(Db db, int offset) {
    List<Future<RowSet<Row>>> reads = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      reads.add(db.query("SELECT $1::int AS n", Tuple.of(offset + i)));
    }
    return Future.all(reads).map(done -> reads.stream()
        .map(f -> f.result().iterator().next().getInteger("n")).toList());
  }

  private static int flushesForTwentyStatements(StatementFlush policy) {
    String url = TestPg.url();
    Context context = vertx.getOrCreateContext();
    PgConnection connection = await(TestPg.on(context, () -> PgConnection.connect(vertx,
        DefaultDb.connectOptions(url, DbOptions.fromUrl(url)).setPipeliningLimit(256))));
    if (policy != null) {
      assertThat(FlushCoalescing.install(connection, policy)).isTrue();
    }
    await(connection.preparedQuery("SELECT $1::int").execute(Tuple.of(0)));
    AtomicInteger flushes = new AtomicInteger();
    // Closest to the socket: counts the flushes that become writes.
    FlushCoalescing.pipeline(connection).addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }
    });
    List<Integer> results = await(TestPg.on(context, () -> {
      List<Future<RowSet<Row>>> reads = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        reads.add(connection.preparedQuery("SELECT $1::int").execute(Tuple.of(i)));
      }
      return Future.all(reads).map(done -> reads.stream()
          .map(f -> f.result().iterator().next().getInteger(0)).toList());
    }));
    assertThat(results).hasSize(20).doesNotHaveDuplicates();
    int count = flushes.get();
    await(connection.close());
    return count;
  }
}
