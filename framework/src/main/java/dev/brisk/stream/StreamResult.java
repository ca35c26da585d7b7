package dev.brisk.stream;

/**
 * How a stream that started writing ended.
 *
 * @param items items written (or, when the client left, taken from the source)
 * @param outcome why it ended
 */
public record StreamResult(long items, Outcome outcome) {

  /** Why a stream ended. */
  public enum Outcome {
    /** The source ended and the response was completed. */
    COMPLETED,
    /** The source failed after the first byte; the stream ended with an error record or reset. */
    FAILED,
    /** The client went away (or the response was ended elsewhere); the source was closed. */
    CLOSED,
    /** The client read nothing for longer than the stall timeout; it was disconnected. */
    CUT_OFF
  }
}
