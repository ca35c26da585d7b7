package dev.brisk.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.db.DbOptions;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Brisk runs one event loop per HTTP verticle, so the database connections, which its pools open
 * on the event loops in turn ({@link DbOptions#eventLoops()}), all sit on loops that serve
 * requests: none is left on a loop of the startup's work alone, where each statement of a
 * request would cross threads twice (docs/database.md#connections-and-event-loops).
 */
class EventLoopsTest {

  @Test
  void the_shop_runs_as_many_event_loops_as_http_verticles() {
    VertxInternal vertx = (VertxInternal) TestShop.app().context().vertx();
    Set<EventExecutor> loops = new HashSet<>();
    vertx.nettyEventLoopGroup().forEach(loops::add);
    assertThat(loops).hasSize(TestShop.app().options().instances()).hasSize(2);
  }

  @Test
  void event_loops_of_the_pools_are_zero_or_more() {
    DbOptions options = DbOptions.fromUrl("postgresql://u:p@localhost/db");
    assertThat(options.eventLoops()).isZero();
    assertThat(options.withEventLoops(4).eventLoops()).isEqualTo(4);
    assertThatThrownBy(() -> options.withEventLoops(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventLoops must be >= 0, was -1");
  }
}
