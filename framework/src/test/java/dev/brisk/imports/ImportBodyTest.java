package dev.brisk.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** {@link ImportBody}: inflation honours the reader's pauses. */
class ImportBodyTest {

  /** The request side of {@link ImportBody}: its headers, handlers and pause state. */
  private static final class Request {
    Handler<Buffer> handler;
    Handler<Void> endHandler;
    boolean paused;

    HttpServerRequest proxy(Map<String, String> headers) {
      return (HttpServerRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {HttpServerRequest.class}, (self, method, args) -> {
            switch (method.getName()) {
              case "headers" -> {
                MultiMap all = MultiMap.caseInsensitiveMultiMap();
                headers.forEach(all::add);
                return all;
              }
              case "handler" -> handler = cast(args[0]);
              case "endHandler" -> endHandler = cast(args[0]);
              case "pause" -> paused = true;
              case "resume", "fetch" -> paused = false;
              case "exceptionHandler" -> {
              }
              default -> throw new UnsupportedOperationException(method.getName());
            }
            return self;
          });
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object handler) {
      return (T) handler;
    }
  }

  @Test
  void a_paused_reader_gets_nothing_more_of_a_compressed_chunk_until_it_resumes()
      throws IOException {
    // One chunk of 8 KiB inflating to 8 MiB: it used to be inflated whole into the reader,
    // paused or not, which held it all and copied it over and over (ImportLines).
    byte[] plain = "\n".repeat(8 << 20).getBytes();
    Request request = new Request();
    ImportBody body = ImportBody.of(request.proxy(Map.of("Content-Encoding", "gzip")),
        ImportLimits.defaults().withMaxInflationRatio(10_000));
    List<Integer> received = new ArrayList<>();
    boolean[] ended = new boolean[1];
    body.exceptionHandler(e -> {
      throw new AssertionError(e);
    });
    body.endHandler(v -> ended[0] = true);
    body.handler(chunk -> {
      received.add(chunk.length());
      body.pause();
    });

    request.handler.handle(Buffer.buffer(gzip(plain)));

    assertThat(received).hasSize(1);
    assertThat(request.paused).isTrue();
    for (int resumes = 1; request.paused; resumes++) {
      body.resume();
      // One slice per resume: the reader paused after each.
      assertThat(received).hasSizeLessThanOrEqualTo(resumes + 1);
    }
    assertThat(received).hasSizeGreaterThan(100);
    assertThat(received.stream().mapToLong(Integer::longValue).sum()).isEqualTo(plain.length);
    request.endHandler.handle(null);
    assertThat(ended[0]).isTrue();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }
}
