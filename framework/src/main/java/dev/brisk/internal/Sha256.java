package dev.brisk.internal;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * One reusable SHA-256 digest per thread, for hashes taken on every request (API keys, ETags,
 * cursor bindings). A {@link FastThreadLocal}: on event-loop threads it is an array slot, where a
 * {@link ThreadLocal} probes a hash table that Netty, Vert.x and Jackson fill with their own
 * entries (1% of a by-id request's CPU went to such probes). Internal.
 */
public final class Sha256 {

  private static final FastThreadLocal<MessageDigest> DIGEST = new FastThreadLocal<>() {
    @Override
    protected MessageDigest initialValue() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 unavailable", e);
      }
    }
  };

  private static final FastThreadLocal<Text> TEXT = new FastThreadLocal<>() {
    @Override
    protected Text initialValue() {
      return new Text();
    }
  };

  private Sha256() {
  }

  /**
   * This thread's text buffer, emptied: append the parts to hash, then {@link Text#digest()}
   * before hashing anything else on this thread.
   */
  public static Text text() {
    Text text = TEXT.get();
    text.clear();
    return text;
  }

  /** This thread's digest, reset: update it, then {@code digest()}, before passing it on. */
  public static MessageDigest digest() {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }

  /** The SHA-256 of {@code bytes}. */
  public static byte[] of(byte[] bytes) {
    return digest().digest(bytes);
  }

  /** A short fingerprint of {@code bytes}: their SHA-256's first 9 bytes, 12 base64url chars. */
  public static String fingerprint(byte[] bytes) {
    return Base64.getUrlEncoder().encodeToString(Arrays.copyOf(of(bytes), 9));
  }

  /**
   * Text put together in UTF-8, part by part, then hashed in one call: a hash of a few short
   * parts costs one digest update instead of one per part (each a call through the provider),
   * and ASCII parts cost no String or array. Reused per thread ({@link #text()}).
   */
  public static final class Text {

    /** Past this, the buffer is dropped after use rather than kept by the thread. */
    private static final int KEPT_BYTES = 4096;

    private byte[] bytes = new byte[256];
    private int length;

    private Text() {
    }

    /** Appends {@code part} in UTF-8. */
    public Text append(CharSequence part) {
      int n = part.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        char c = part.charAt(i);
        if (c >= 0x80) {
          byte[] rest = part.subSequence(i, n).toString().getBytes(StandardCharsets.UTF_8);
          ensure(rest.length);
          System.arraycopy(rest, 0, bytes, length, rest.length);
          length += rest.length;
          return this;
        }
        bytes[length++] = (byte) c;
      }
      return this;
    }

    /** Appends one ASCII character, such as a separator. */
    public Text append(char ascii) {
      ensure(1);
      bytes[length++] = (byte) ascii;
      return this;
    }

    /** The SHA-256 of the text appended since {@link #text()}. */
    public byte[] digest() {
      MessageDigest digest = Sha256.digest();
      digest.update(bytes, 0, length);
      return digest.digest();
    }

    private void clear() {
      length = 0;
      if (bytes.length > KEPT_BYTES) {
        bytes = new byte[256];
      }
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
