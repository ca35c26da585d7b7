package dev.brisk.stream;

import dev.brisk.http.MediaTypes;
import dev.brisk.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wire formats a {@link Streamer} writes.
 *
 * <p>{@code StreamFormat format = StreamFormat.negotiate(accept, encoder);}
 *
 * <p>Immutable; pure functions, thread-safe.
 */
public enum StreamFormat {
  /** One JSON object per line. */
  NDJSON("application/x-ndjson"),
  /** A JSON array written element by element. */
  JSON_ARRAY("application/json"),
  /** Server-Sent Events: {@code id:}, {@code event:} and {@code data:} lines per item. */
  SSE("text/event-stream"),
  /** Protobuf messages, each preceded by its varint length ({@code writeDelimitedTo} framing). */
  PROTOBUF("application/x-protobuf");

  private final String mediaType;

  StreamFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The {@code Content-Type} written for this format. */
  public String mediaType() {
    return mediaType;
  }

  /** Short lower-case name used as a meter tag ({@code ndjson}, {@code json_array}, ...). */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every format, NDJSON first: the default when {@code Accept} is absent or a wildcard. */
  public static List<StreamFormat> all() {
    return List.of(values());
  }

  /**
   * The format of {@code encoder.formats()} the {@code Accept} header prefers (q-values,
   * wildcards; ties keep that order), protobuf only when a {@code proto} parameter, if any, names
   * the encoder's message ({@link MediaTypes#negotiate}); a missing header picks the first.
   * {@code StreamFormat.negotiate(Requests.headerList(ctx, "Accept"), encoder)}; any thread.
   *
   * @throws Problem 406 listing the offered media types when none is acceptable
   */
  public static StreamFormat negotiate(String accept, StreamEncoder<?> encoder) {
    List<StreamFormat> offered = encoder.formats();
    List<String> types = new ArrayList<>(offered.size());
    for (StreamFormat f : offered) {
      types.add(f == PROTOBUF ? MediaTypes.protobuf(encoder.protobufMessage()) : f.mediaType);
    }
    String chosen = MediaTypes.negotiate(accept, types);
    if (chosen == null) {
      throw Problem.notAcceptable(accept, types);
    }
    return offered.get(types.indexOf(chosen));
  }
}
