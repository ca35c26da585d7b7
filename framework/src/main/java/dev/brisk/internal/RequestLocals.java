package dev.brisk.internal;

import io.vertx.core.Context;
// VertxServiceProvider.init names this internal type; the SPI is how locals get registered in time.
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Registers the context-local slots that carry request state ({@link RequestScope}) on Vert.x
 * contexts.
 *
 * <p>A Vertx instance sizes the local storage of its contexts from the locals registered when it
 * is built, so a local registered later cannot be used on it. Vert.x instantiates every
 * {@code VertxServiceProvider} listed in {@code META-INF/services} while building an instance,
 * before it takes that snapshot: being listed there registers these locals in time, however early
 * an app or test creates its Vertx (see {@link ContextLocal}).
 *
 * <p>Not API: public only because {@link java.util.ServiceLoader} instantiates it.
 */
public final class RequestLocals implements VertxServiceProvider {

  /** The scope of the request running on a context. */
  static final ContextLocal<RequestScope> SCOPE = ContextLocal.registerLocal(RequestScope.class);
  /** The scope of the request that dispatched, in process, the request about to run there. */
  static final ContextLocal<RequestScope> PARENT = ContextLocal.registerLocal(RequestScope.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
    // Nothing to configure: loading this class registered the locals.
  }

  static RequestScope get(Context context, ContextLocal<RequestScope> key) {
    try {
      return context.getLocal(key);
    } catch (IllegalArgumentException e) {
      throw unregistered(e);
    }
  }

  static void put(Context context, ContextLocal<RequestScope> key, RequestScope scope) {
    try {
      context.putLocal(key, scope);
    } catch (IllegalArgumentException e) {
      throw unregistered(e);
    }
  }

  private static IllegalStateException unregistered(IllegalArgumentException cause) {
    return new IllegalStateException("This Vertx instance was built before Brisk registered its "
        + "context locals: keep brisk-framework's META-INF/services/"
        + "io.vertx.core.spi.VertxServiceProvider on the class path (merge service files when "
        + "shading)", cause);
  }
}
