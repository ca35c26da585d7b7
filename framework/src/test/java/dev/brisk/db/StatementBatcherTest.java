package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code when-idle}: at once while PostgreSQL is idle, held while it answers, never lost. */
class StatementBatcherTest {

  /**
   * Stands for the socket: counts the flushes and keeps what was written. (Passing them on would
   * let EmbeddedChannel run its pending tasks, the end of the turn, in the middle of one.)
   */
  private static final class Flushes extends ChannelOutboundHandlerAdapter {
    int count;
    int written;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      written++;
      ((ByteBuf) msg).release();
      promise.setSuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      count++;
    }
  }

  @Test
  void a_statement_leaves_at_once_while_the_server_is_idle_and_waits_while_it_answers() {
    Flushes flushes = new Flushes();
    EmbeddedChannel channel = new EmbeddedChannel(flushes, new StatementBatcher(64));
    List<Integer> seen = new ArrayList<>();
    inOneTurn(channel, () -> {
      for (int i = 0; i < 3; i++) {
        channel.pipeline().writeAndFlush(statement());
        seen.add(flushes.count);
      }
    });
    assertThat(seen).as("the first at once, the others held while it is answered")
        .containsExactly(1, 1, 1);
    assertThat(flushes.count).as("the turn ended: the two held leave in one write").isEqualTo(2);
    assertThat(flushes.written).isEqualTo(3);

    channel.writeInbound(ready(), ready(), ready());
    seen.clear();
    inOneTurn(channel, () -> {
      channel.pipeline().writeAndFlush(statement());
      seen.add(flushes.count);
    });
    assertThat(seen).as("all three answered: idle again, sent at once").containsExactly(3);
    channel.finishAndReleaseAll();
  }

  @Test
  void statements_issued_while_answers_are_read_leave_when_the_read_completes() {
    Flushes flushes = new Flushes();
    List<Integer> seen = new ArrayList<>();
    EmbeddedChannel channel = new EmbeddedChannel(flushes, new StatementBatcher(64),
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            // A result handler issuing the next statements, as a request's next query does.
            ctx.pipeline().writeAndFlush(statement());
            ctx.pipeline().writeAndFlush(statement());
            seen.add(flushes.count);
          }
        });
    inOneTurn(channel, () -> {
      channel.pipeline().writeAndFlush(statement());
      channel.pipeline().writeAndFlush(statement());
    });
    assertThat(flushes.count).isEqualTo(2);

    // One of two answered: the server is still busy, so the new ones wait for the read's end.
    inOneTurn(channel, () -> {
      channel.pipeline().fireChannelRead(ready());
      seen.add(flushes.count);
      channel.pipeline().fireChannelReadComplete();
      seen.add(flushes.count);
    });
    assertThat(seen).containsExactly(2, 2, 3);
    assertThat(flushes.written).isEqualTo(4);
    channel.finishAndReleaseAll();
  }

  @Test
  void at_most_max_held_statements_wait() {
    Flushes flushes = new Flushes();
    EmbeddedChannel channel = new EmbeddedChannel(flushes, new StatementBatcher(4));
    List<Integer> seen = new ArrayList<>();
    inOneTurn(channel, () -> {
      for (int i = 0; i < 9; i++) {
        channel.pipeline().writeAndFlush(statement());
        seen.add(flushes.count);
      }
    });
    assertThat(seen).as("1 at once, then one write per 4 held")
        .containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3);
    assertThat(flushes.count).isEqualTo(3);
    channel.finishAndReleaseAll();
  }

  @Test
  void held_statements_leave_before_the_channel_closes() {
    Flushes flushes = new Flushes();
    EmbeddedChannel channel = new EmbeddedChannel(flushes, new StatementBatcher(64));
    List<Integer> seen = new ArrayList<>();
    inOneTurn(channel, () -> {
      channel.pipeline().writeAndFlush(statement());
      channel.pipeline().writeAndFlush(statement());
      seen.add(flushes.count);
      channel.pipeline().close();
      seen.add(flushes.count);
    });
    assertThat(seen).containsExactly(1, 2);
    channel.finishAndReleaseAll();
  }

  /** Runs {@code turn} as one event-loop task, then what it scheduled: the end of the turn. */
  private static void inOneTurn(EmbeddedChannel channel, Runnable turn) {
    channel.eventLoop().execute(turn);
    channel.runPendingTasks();
  }

  @Test
  void messages_are_counted_however_the_stream_is_cut() {
    // Bodies full of the counted type byte, a long one and an empty one between the two counted.
    byte[] stream = concat(message('D', "ZZZZZZZZZZ"), message('Z', "I"),
        message('D', "Z".repeat(300)), message('C', ""), message('Z', "T"), message('1', "Z"));
    for (int cut = 0; cut <= stream.length; cut++) {
      StatementBatcher.MessageCounter counter = new StatementBatcher.MessageCounter((byte) 'Z');
      int found = counter.count(Unpooled.wrappedBuffer(stream, 0, cut))
          + counter.count(Unpooled.wrappedBuffer(stream, cut, stream.length - cut));
      assertThat(found).as("cut at %d", cut).isEqualTo(2);
    }
    Random random = new Random(42);
    for (int run = 0; run < 500; run++) {
      StatementBatcher.MessageCounter counter = new StatementBatcher.MessageCounter((byte) 'Z');
      int found = 0;
      for (int from = 0; from < stream.length; ) {
        int n = Math.min(stream.length - from, random.nextInt(12));
        found += counter.count(Unpooled.wrappedBuffer(stream, from, n));
        from += n;
      }
      assertThat(found).isEqualTo(2);
    }
  }

  @Test
  void the_policy_parses_by_its_configuration_name() {
    assertThat(StatementFlush.parse("turn")).isEqualTo(StatementFlush.PER_TURN);
    assertThat(StatementFlush.parse(" When-Idle ")).isEqualTo(StatementFlush.WHEN_IDLE);
    assertThat(DbOptions.fromUrl("postgresql://localhost/db").statementFlush())
        .isEqualTo(StatementFlush.PER_TURN);
    for (String bad : new String[] {"", "idle", "per_turn", "nagle"}) {
      assertThatThrownBy(() -> StatementFlush.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  /** Bind, Execute and Sync, as the driver writes one pipelined statement. */
  private static ByteBuf statement() {
    return Unpooled.wrappedBuffer(concat(message('B', "\0\0\0\0\0\0\0"), message('E', "\0\0\0\0\0"),
        message('S', "")));
  }

  private static ByteBuf ready() {
    return Unpooled.wrappedBuffer(message('Z', "I"));
  }

  private static byte[] message(char type, String body) {
    int length = body.length() + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    List<byte[]> list = new ArrayList<>(List.of(parts));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    list.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
