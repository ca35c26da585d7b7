package dev.brisk.http;

import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An in-memory {@link HttpServerResponse} for a request dispatched in process: it buffers what
 * the handlers write, up to a size limit, and completes {@link #result()} when they end it (or
 * fails it with a 413 problem once the body outgrows the limit). Runs on the sub-request's
 * context only.
 */
final class LocalResponse implements HttpServerResponse {

  private final MultiMap headers = HttpHeaders.headers();
  private final MultiMap trailers = HttpHeaders.headers();
  private final long maxBodyBytes;
  private Buffer body = Buffer.buffer();
  private final Promise<DispatchedResponse> result = Promise.promise();
  private final List<Handler<Void>> headersEnd = new ArrayList<>(2);
  private final List<Handler<Void>> bodyEnd = new ArrayList<>(2);
  private Handler<Void> endHandler;
  private int status = 200;
  private String statusMessage;
  private boolean headWritten;
  private boolean ended;

  LocalResponse(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  Future<DispatchedResponse> result() {
    return result.future();
  }

  private void head() {
    if (!headWritten) {
      headWritten = true;
      headersEnd.forEach(h -> h.handle(null));
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (ended) {
      return Future.failedFuture(new IllegalStateException("Response has already been written"));
    }
    head();
    return append(data) ? Future.succeededFuture() : tooLarge();
  }

  private boolean append(Buffer data) {
    if (body.length() + (long) data.length() > maxBodyBytes) {
      return false;
    }
    body.appendBuffer(data);
    return true;
  }

  /** Drops the body, ends the response and fails the result with a 413 problem. */
  private Future<Void> tooLarge() {
    body = Buffer.buffer();
    status = 413;
    try {
      finish();
    } finally {
      result.tryFail(Problem.payloadTooLarge("The sub-response exceeds " + maxBodyBytes
          + " bytes; select fewer fields or rows"));
    }
    return Future.failedFuture(new IllegalStateException("Sub-response too large"));
  }

  /**
   * Marks the response ended and runs the end handlers; callers settle the result in a
   * {@code finally}, so a failing handler never leaves the sub-request unanswered.
   */
  private void finish() {
    ended = true;
    bodyEnd.forEach(h -> h.handle(null));
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  @Override
  public Future<Void> end(Buffer data) {
    if (ended) {
      return Future.failedFuture(new IllegalStateException("Response has already been written"));
    }
    head();
    if (!append(data)) {
      return tooLarge();
    }
    try {
      finish();
    } finally {
      result.tryComplete(new DispatchedResponse(status, headers, body));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return end(Buffer.buffer());
  }

  @Override
  public Future<Void> end(String chunk) {
    return end(Buffer.buffer(chunk));
  }

  @Override
  public Future<Void> end(String chunk, String enc) {
    return end(Buffer.buffer(chunk, enc));
  }

  @Override
  public Future<Void> write(String chunk, String enc) {
    return write(Buffer.buffer(chunk, enc));
  }

  @Override
  public Future<Void> write(String chunk) {
    return write(Buffer.buffer(chunk));
  }

  @Override
  public Future<Void> writeHead() {
    head();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> reset(long code) {
    if (!ended) {
      ended = true;
      result.tryFail(new IllegalStateException("Sub-request response was reset"));
    }
    return Future.succeededFuture();
  }

  @Override
  public HttpServerResponse exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public HttpServerResponse setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public HttpServerResponse drainHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  public HttpServerResponse setStatusCode(int statusCode) {
    this.status = statusCode;
    return this;
  }

  @Override
  public String getStatusMessage() {
    return statusMessage;
  }

  @Override
  public HttpServerResponse setStatusMessage(String message) {
    this.statusMessage = message;
    return this;
  }

  @Override
  public HttpServerResponse setChunked(boolean chunked) {
    return this;
  }

  @Override
  public boolean isChunked() {
    return false;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public HttpServerResponse putHeader(String name, String value) {
    headers.set(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putHeader(CharSequence name, CharSequence value) {
    headers.set(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putHeader(String name, Iterable<String> values) {
    headers.set(name, values);
    return this;
  }

  @Override
  public HttpServerResponse putHeader(CharSequence name, Iterable<CharSequence> values) {
    headers.set(name, values);
    return this;
  }

  @Override
  public MultiMap trailers() {
    return trailers;
  }

  @Override
  public HttpServerResponse putTrailer(String name, String value) {
    trailers.set(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(CharSequence name, CharSequence value) {
    trailers.set(name, value);
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(String name, Iterable<String> values) {
    trailers.set(name, values);
    return this;
  }

  @Override
  public HttpServerResponse putTrailer(CharSequence name, Iterable<CharSequence> value) {
    trailers.set(name, value);
    return this;
  }

  @Override
  public HttpServerResponse closeHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public HttpServerResponse endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public Future<Void> writeContinue() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> writeEarlyHints(MultiMap headers) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> sendFile(String filename, long offset, long length) {
    return unsupported("sendFile");
  }

  @Override
  public Future<Void> sendFile(FileChannel channel, long offset, long length) {
    return unsupported("sendFile");
  }

  @Override
  public Future<Void> sendFile(RandomAccessFile file, long offset, long length) {
    return unsupported("sendFile");
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public boolean closed() {
    return false;
  }

  @Override
  public boolean headWritten() {
    return headWritten;
  }

  @Override
  public HttpServerResponse headersEndHandler(Handler<Void> handler) {
    headersEnd.add(handler);
    return this;
  }

  @Override
  public HttpServerResponse bodyEndHandler(Handler<Void> handler) {
    bodyEnd.add(handler);
    return this;
  }

  @Override
  public long bytesWritten() {
    return body.length();
  }

  @Override
  public int streamId() {
    return -1;
  }

  @Override
  public Future<HttpServerResponse> push(HttpMethod method, HostAndPort authority, String path,
      MultiMap headers) {
    return unsupported("push");
  }

  @Override
  public Future<Void> writeCustomFrame(int type, int flags, Buffer payload) {
    return unsupported("custom frames");
  }

  @Override
  public HttpServerResponse addCookie(Cookie cookie) {
    headers.add(HttpHeaders.SET_COOKIE, cookie.encode());
    return this;
  }

  @Override
  public Cookie removeCookie(String name, boolean invalidate) {
    return null;
  }

  @Override
  public Set<Cookie> removeCookies(String name, boolean invalidate) {
    return Set.of();
  }

  @Override
  public Cookie removeCookie(String name, String domain, String path, boolean invalidate) {
    return null;
  }

  private static <T> Future<T> unsupported(String what) {
    return Future.failedFuture(new UnsupportedOperationException(
        what + " is not available to in-process sub-requests"));
  }
}
