package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Where request state lives: one context-local slot per request context. */
@ExtendWith(VertxExtension.class)
class RequestScopeTest {

  @Test
  void a_scope_is_found_on_its_own_context_only(Vertx vertx, VertxTestContext test) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal request = base.duplicate();
    ContextInternal other = base.duplicate();
    RequestScope scope = new RequestScope("r1", 5_000_000_000L, System::nanoTime);
    scope.bind(request);
    assertThat(RequestScope.of(request)).isSameAs(scope);
    assertThat(RequestScope.of(other)).isNull();
    assertThat(RequestScope.of(base)).isNull();
    request.runOnContext(v -> test.verify(() -> {
      assertThat(RequestScope.current()).isSameAs(scope);
      test.completeNow();
    }));
  }

  @Test
  void a_handed_scope_is_the_parent_to_be_not_the_current_one(Vertx vertx) {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    ContextInternal child = base.duplicate();
    RequestScope outer = new RequestScope("outer", 5_000_000_000L, System::nanoTime);
    outer.handTo(child);
    assertThat(RequestScope.handedTo(child)).isSameAs(outer);
    assertThat(RequestScope.of(child)).isNull();
    assertThat(RequestScope.handedTo(base.duplicate())).isNull();
  }

  @Test
  void a_request_is_over_once_its_deadline_passed_or_its_response_ended() {
    RequestScope expired = new RequestScope("e", 5_000_000_000L, System::nanoTime);
    RequestScope ended = new RequestScope("d", 5_000_000_000L, System::nanoTime);
    assertThat(expired.isOver()).isFalse();

    expired.expire();
    ended.end();

    assertThat(expired.isOver()).isTrue();
    assertThat(ended.isOver()).isTrue();
    assertThat(ended.isExpired()).as("an answered request did not miss its deadline").isFalse();
  }

  @Test
  void a_sub_request_statements_count_for_its_parent_too() {
    RequestScope outer = new RequestScope("outer", 5_000_000_000L, System::nanoTime);
    RequestScope sub = new RequestScope("sub", 5_000_000_000L, System::nanoTime, outer);
    outer.recordQuery(1_000);
    sub.recordQuery(2_000);
    sub.recordQuery(3_000);

    assertThat(sub.dbQueries()).isEqualTo(2);
    assertThat(sub.dbNanos()).isEqualTo(5_000);
    assertThat(outer.dbQueries()).isEqualTo(3);
    assertThat(outer.dbNanos()).isEqualTo(6_000);
  }

  /**
   * Apps and tests often build their Vertx before touching any Brisk class. A fresh class loader
   * replays that: Vert.x and Brisk load anew, Vertx is built first, Brisk's classes after.
   */
  @Test
  void scopes_work_on_a_vertx_built_before_any_brisk_class_was_loaded() throws Exception {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader fresh =
        new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
      // Vert.x finds service providers through the context class loader.
      Thread.currentThread().setContextClassLoader(fresh);
      Object vertx = fresh.loadClass(Vertx.class.getName()).getMethod("vertx").invoke(null);
      Object requestId = fresh.loadClass(Probe.class.getName())
          .getMethod("roundTrip", Object.class).invoke(null, vertx);
      assertThat(requestId).isEqualTo("probe");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  /** Loaded by the fresh class loader only after its Vertx was built. */
  public static final class Probe {
    private Probe() {
    }

    /** Binds a scope to a context of {@code vertx}, reads it back, closes {@code vertx}. */
    public static String roundTrip(Object vertx) {
      Vertx v = (Vertx) vertx;
      try {
        Context context = v.getOrCreateContext();
        new RequestScope("probe", 1_000_000_000L, System::nanoTime).bind(context);
        return RequestScope.of(context).requestId();
      } finally {
        v.close().await();
      }
    }
  }

  private static URL[] classPath() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    return urls.toArray(URL[]::new);
  }
}
