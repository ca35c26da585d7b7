package dev.brisk.http;

import dev.brisk.internal.RequestScope;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * vertx-web's {@link BodyHandler} that marks when the route starts reading the request's body,
 * so the wait for its bytes, the client's alone, stays out of the request's latency
 * ({@link RequestScope#bodyWaitNanos}); {@link RouteSteps#plainBody} marks its end. A body
 * handler itself, so vertx-web still runs it first.
 */
final class TimedBodyHandler implements BodyHandler {

  private final BodyHandler delegate;

  TimedBodyHandler(BodyHandler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestScope scope = RequestScope.current();
    if (scope != null && !ctx.request().isEnded()) {
      scope.bodyReadStarted();
    }
    delegate.handle(ctx);
  }

  @Override
  public BodyHandler setHandleFileUploads(boolean handle) {
    delegate.setHandleFileUploads(handle);
    return this;
  }

  @Override
  public BodyHandler setBodyLimit(long limit) {
    delegate.setBodyLimit(limit);
    return this;
  }

  @Override
  public BodyHandler setUploadsDirectory(String directory) {
    delegate.setUploadsDirectory(directory);
    return this;
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean merge) {
    delegate.setMergeFormAttributes(merge);
    return this;
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean delete) {
    delegate.setDeleteUploadedFilesOnEnd(delete);
    return this;
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean preallocate) {
    delegate.setPreallocateBodyBuffer(preallocate);
    return this;
  }
}
