package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.test.LogCapture;
import dev.brisk.test.TestBrisk;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenFailureTest {

  /** No routes: only the start matters. */
  private static final class App implements BriskApp {
    @Override
    public void routes(Routes routes, BriskContext context) {
    }
  }

  @Test
  void a_port_in_use_names_the_address_and_raises_no_false_store_alarm() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        LogCapture logs = LogCapture.start()) {
      int port = taken.getLocalPort();
      // The start said only "java.net.BindException: Address already in use".
      assertThatThrownBy(() -> TestBrisk.start(App::new, Map.of("port", String.valueOf(port))))
          .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + port + " (--host, --port): ")
          .hasMessageContaining("Address already in use");
      // Redis answered all along: closing Vert.x under the cache's subscription said otherwise.
      assertThat(logs.text()).doesNotContain("Cache lost its Redis subscription")
          .doesNotContain("Cache degraded");
    }
  }
}
