package dev.brisk.page;

import dev.brisk.page.CursorException.Reason;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a {@link Cursor} into a signed, URL-safe token and back.
 *
 * <p>Token = base64url without padding of {@code body || mac}, where body is
 * {@code version(1) flags(1) filterHash(8) issuedAt(varint seconds) count(varint) keys...} and mac
 * is HMAC-SHA256(body) truncated to 16 bytes (RFC 2104 section 5). The first key signs; every key
 * verifies. Thread-safe: each thread keeps its own {@link Mac} instances. Internal.
 */
final class CursorCodec {

  static final int VERSION = 1;
  static final int MAC_BYTES = 16;
  static final int MAX_TOKEN_CHARS = 2048;
  private static final int HEADER_BYTES = 10;
  private static final int FLAG_PREV = 1;
  private static final int FLAG_INCLUSIVE = 2;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final List<SecretKeySpec> keys;
  private final ThreadLocal<Mac[]> macs;

  CursorCodec(List<byte[]> rawKeys) {
    List<SecretKeySpec> specs = new ArrayList<>(rawKeys.size());
    rawKeys.forEach(k -> specs.add(new SecretKeySpec(k, "HmacSHA256")));
    this.keys = List.copyOf(specs);
    this.macs = ThreadLocal.withInitial(() -> new Mac[keys.size()]);
  }

  /** Encodes and signs with the first key. */
  String encode(Cursor c) {
    int flags = (c.isBackward() ? FLAG_PREV : 0) | (c.inclusive() ? FLAG_INCLUSIVE : 0);
    Bytes.Writer w = new Bytes.Writer().put(VERSION).put(flags).putLong64(c.filterHash())
        .putVarint(c.issuedAtSeconds()).putVarint(c.keys().size());
    for (Object key : c.keys()) {
      KeyValues.write(w, key);
    }
    return seal(w.toArray());
  }

  /**
   * Verifies and decodes a token.
   *
   * @throws CursorException for anything but a well-formed token signed with one of the keys
   */
  Cursor decode(String token) {
    byte[] body = open(token);
    try {
      return parse(body);
    } catch (RuntimeException e) {
      throw new CursorException(Reason.MALFORMED);
    }
  }

  /** Appends the MAC of the first key and encodes; package-private so tests can forge bodies. */
  String seal(byte[] body) {
    byte[] out = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac(0, body), 0, out, body.length, MAC_BYTES);
    String token = ENCODER.encodeToString(out);
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new IllegalArgumentException("sort keys too large for a cursor (" + token.length()
          + " chars, at most " + MAX_TOKEN_CHARS + "); sort by shorter columns");
    }
    return token;
  }

  /** Checks encoding, version and signature; returns the body without the MAC. */
  byte[] open(String token) {
    byte[] raw = base64(token);
    if (raw.length < HEADER_BYTES + MAC_BYTES + 2) {
      throw new CursorException(Reason.MALFORMED);
    }
    if (raw[0] != VERSION) {
      throw new CursorException(Reason.VERSION);
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] given = Arrays.copyOfRange(raw, body.length, raw.length);
    for (int i = 0; i < keys.size(); i++) {
      if (MessageDigest.isEqual(Arrays.copyOf(mac(i, body), MAC_BYTES), given)) {
        return body;
      }
    }
    throw new CursorException(Reason.SIGNATURE);
  }

  private static byte[] base64(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new CursorException(Reason.MALFORMED);
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new CursorException(Reason.MALFORMED);
    }
    // The decoder ignores unused low bits of the last character and accepts padding; only the
    // canonical spelling is valid, so no two tokens name the same cursor.
    if (!ENCODER.encodeToString(raw).equals(token)) {
      throw new CursorException(Reason.MALFORMED);
    }
    return raw;
  }

  private static Cursor parse(byte[] body) {
    Bytes.Reader r = new Bytes.Reader(body, 1, body.length);
    int flags = r.get();
    if ((flags & ~(FLAG_PREV | FLAG_INCLUSIVE)) != 0) {
      throw new IllegalArgumentException("unknown flags");
    }
    long filterHash = r.getLong64();
    long issuedAt = r.getVarint();
    int count = r.getLength();
    List<Object> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(KeyValues.read(r));
    }
    if (r.remaining() != 0 || issuedAt < 0) {
      throw new IllegalArgumentException("trailing bytes");
    }
    Cursor.Direction dir = (flags & FLAG_PREV) != 0 ? Cursor.Direction.PREV : Cursor.Direction.NEXT;
    return new Cursor(dir, (flags & FLAG_INCLUSIVE) != 0, values, filterHash, issuedAt);
  }

  private byte[] mac(int keyIndex, byte[] body) {
    Mac[] perThread = macs.get();
    Mac mac = perThread[keyIndex];
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(keys.get(keyIndex));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
      perThread[keyIndex] = mac;
    }
    return mac.doFinal(body);
  }
}
