package dev.brisk.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
// vertx-web routes only HttpServerRequestInternal, bound to a context duplicated by internal API.
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A sub-request dispatched in process: its own method, URI, headers and body over the outer
 * request's connection details, answered into a {@link LocalResponse}. Delivers its body when
 * the router's body handling resumes it. Runs on its own duplicated context.
 */
final class LocalRequest extends HttpServerRequestWrapper {

  private final ContextInternal context;
  private final HttpMethod method;
  private final String uri;
  private final String path;
  private final String query;
  private final MultiMap headers;
  private final Buffer body;
  private final LocalResponse response;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private boolean paused;
  private boolean delivered;
  private MultiMap params;

  /**
   * A sub-request of {@code outer} bound to a fresh duplicate of {@code caller}, whose response
   * body may hold at most {@code maxResponseBytes}.
   */
  static LocalRequest create(HttpServerRequest outer, Context caller, HttpMethod method,
      String uri, MultiMap headers, Buffer body, long maxResponseBytes) {
    return new LocalRequest((HttpServerRequestInternal) outer,
        ((ContextInternal) caller).duplicate(), method, uri, headers, body, maxResponseBytes);
  }

  private LocalRequest(HttpServerRequestInternal outer, ContextInternal context, HttpMethod method,
      String uri, MultiMap headers, Buffer body, long maxResponseBytes) {
    super(outer);
    this.response = new LocalResponse(maxResponseBytes);
    this.context = context;
    this.method = method;
    this.uri = uri;
    int q = uri.indexOf('?');
    this.path = q < 0 ? uri : uri.substring(0, q);
    this.query = q < 0 ? null : uri.substring(q + 1);
    this.headers = headers;
    this.body = body == null ? Buffer.buffer() : body;
    if (body != null) {
      headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    }
  }

  /** The context {@code request}'s handlers run on: a request's own duplicated context. */
  static Context contextOf(HttpServerRequest request) {
    return ((HttpServerRequestInternal) request).context();
  }

  LocalResponse localResponse() {
    return response;
  }

  @Override
  public HttpServerRequest handler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    scheduleDelivery();
    return this;
  }

  @Override
  public HttpServerRequest endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    scheduleDelivery();
    return this;
  }

  @Override
  public HttpServerRequest pause() {
    paused = true;
    return this;
  }

  @Override
  public HttpServerRequest resume() {
    paused = false;
    scheduleDelivery();
    return this;
  }

  @Override
  public HttpServerRequest fetch(long amount) {
    return amount > 0 ? resume() : this;
  }

  private void scheduleDelivery() {
    // Deliver on a later task so body handling can install both handlers first.
    context.runOnContext(v -> deliver());
  }

  private void deliver() {
    if (delivered || paused || (dataHandler == null && endHandler == null)) {
      return;
    }
    delivered = true;
    if (dataHandler != null && body.length() > 0) {
      dataHandler.handle(body);
    }
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  @Override
  public Future<Buffer> body() {
    delivered = true;
    return Future.succeededFuture(body);
  }

  @Override
  public Future<Void> end() {
    delivered = true;
    return Future.succeededFuture();
  }

  @Override
  public boolean isEnded() {
    return delivered;
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String query() {
    return query;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public MultiMap params(boolean semicolonIsNormalChar) {
    if (params == null) {
      params = MultiMap.caseInsensitiveMultiMap();
      if (query != null) {
        new QueryStringDecoder(query, StandardCharsets.UTF_8, false)
            .parameters().forEach(params::add);
      }
    }
    return params;
  }

  @Override
  public String absoluteURI() {
    HostAndPort authority = authority();
    return scheme() + "://" + (authority == null ? "localhost" : authority) + uri;
  }

  @Override
  public HttpServerResponse response() {
    return response;
  }

  @Override
  public ContextInternal context() {
    return context;
  }

  @Override
  public Object metric() {
    return null;
  }

  @Override
  public HttpServerRequest routed(String route) {
    return this;
  }

  @Override
  public long bytesRead() {
    return body.length();
  }
}
