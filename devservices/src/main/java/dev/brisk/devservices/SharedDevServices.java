package dev.brisk.devservices;

/**
 * Holder of the JVM-wide {@link DevServices#shared()} instance: started lazily under a lock,
 * stopped only by its shutdown hook (callers get a view whose {@code close()} does nothing).
 */
final class SharedDevServices {

  private static DevServices instance;
  private static RuntimeException failure;

  private SharedDevServices() {}

  static synchronized DevServices get() {
    if (instance != null) {
      return instance;
    }
    if (failure != null) {
      throw new IllegalStateException("Shared dev services failed to start earlier: "
          + failure.getMessage(), failure);
    }
    try {
      instance = new Unclosable(DevServices.start(DevServicesOptions.defaults()));
      return instance;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** Delegates everything but {@code close()}, which the shutdown hook does at JVM exit. */
  private record Unclosable(DevServices delegate) implements DevServices {
    @Override
    public String pgUrl() {
      return delegate.pgUrl();
    }

    @Override
    public String redisUrl() {
      return delegate.redisUrl();
    }

    @Override
    public boolean startedPostgres() {
      return delegate.startedPostgres();
    }

    @Override
    public boolean startedRedis() {
      return delegate.startedRedis();
    }

    @Override
    public void close() {
      // Shared by every test class in the JVM; stopped by the shutdown hook.
    }
  }
}
