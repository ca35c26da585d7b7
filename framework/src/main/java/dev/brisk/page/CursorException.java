package dev.brisk.page;

/** Why a cursor was refused; carries no stack trace. Internal. */
final class CursorException extends RuntimeException {

  /** Rejection reasons; {@link #tag} is the {@code reason} tag of the rejection counter. */
  enum Reason {
    MALFORMED("malformed", "cursor is not a valid page cursor"),
    VERSION("version", "cursor was issued by an incompatible version of this API"),
    SIGNATURE("signature", "cursor signature is invalid (altered, or signed with a retired key)"),
    EXPIRED("expired", "cursor has expired"),
    MISMATCH("mismatch", "cursor was issued for a different sort, different filters or another "
        + "caller");

    final String tag;
    final String detail;

    Reason(String tag, String detail) {
      this.tag = tag;
      this.detail = detail;
    }
  }

  private final Reason reason;

  CursorException(Reason reason) {
    super(reason.detail, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
