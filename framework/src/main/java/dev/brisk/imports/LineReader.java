package dev.brisk.imports;

import dev.brisk.http.BodySchema;
import dev.brisk.http.Requests;
import dev.brisk.http.Validation;
import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Turns one split line into its validated value or why it is invalid: strict UTF-8, a leading
 * byte order mark ignored, JSON, an object, the line schema. Pure; runs on the caller's thread.
 */
final class LineReader {

  private static final String BOM = "\uFEFF";

  /**
   * A line's outcome: blank (neither value nor error: not counted), invalid ({@code error}) or
   * valid ({@code value}).
   */
  record Read(JsonObject value, String error) {

    static final Read BLANK = new Read(null, null);

    boolean isBlank() {
      return value == null && error == null;
    }
  }

  private final BodySchema.ObjectSchema schema;
  private final int maxLineBytes;

  LineReader(BodySchema.ObjectSchema schema, int maxLineBytes) {
    this.schema = schema;
    this.maxLineBytes = maxLineBytes;
  }

  Read read(ImportLines.Line line) {
    if (line.isTooLong()) {
      return new Read(null, "line is longer than " + maxLineBytes
          + " bytes (the import's line limit); it was skipped");
    }
    Text decoded = Text.of(line.bytes());
    String text = decoded.text();
    if (text == null) {
      // Decoding leniently would store U+FFFD in place of the client's bytes.
      return new Read(null, "line is not valid UTF-8 (byte " + (decoded.invalidAt() + 1)
          + " of the line); send UTF-8 text");
    }
    if (text.startsWith(BOM)) {
      // As JSON parsers may (RFC 8259 section 8.1), and Jackson does before a value: a line
      // holding a byte order mark alone is blank too.
      text = text.substring(BOM.length());
    }
    return text.isBlank() ? Read.BLANK : parse(text.strip());
  }

  private Read parse(String text) {
    Object value;
    try {
      value = Requests.json(Buffer.buffer(text));
    } catch (Problem e) {
      return new Read(null, "line is not valid JSON: " + e.detail());
    }
    if (!(value instanceof JsonObject json)) {
      return new Read(null, "line must be a JSON object");
    }
    Validation v = new Validation();
    JsonObject valid = schema.validate(json, v);
    if (valid == null) {
      // The pointer is the line's: each detail names its member.
      return new Read(null, v.errors().stream().map(Problem.FieldError::detail)
          .collect(Collectors.joining("; ")));
    }
    return new Read(valid, null);
  }

  /** A line's text, or null with the offset of the first byte that is not valid UTF-8. */
  record Text(String text, int invalidAt) {

    static Text of(Buffer bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes.getBytes());
      // UTF-8 never decodes to more chars than it has bytes.
      CharBuffer out = CharBuffer.allocate(in.remaining());
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      CoderResult result = decoder.decode(in, out, true);
      if (!result.isError()) {
        result = decoder.flush(out);
      }
      return result.isError() ? new Text(null, in.position())
          : new Text(out.flip().toString(), -1);
    }
  }
}
