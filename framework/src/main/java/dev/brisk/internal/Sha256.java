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

  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected byte[] initialValue() {
      return new byte[256];
    }
  };

  private Sha256() {
  }

  /**
   * Feeds {@code text} in UTF-8 to {@code digest}, as {@code digest.update(text.getBytes(UTF_8))}
   * would, through this thread's scratch buffer: ASCII text costs no String or array.
   */
  public static void update(MessageDigest digest, CharSequence text) {
    byte[] scratch = SCRATCH.get();
    int n = 0;
    for (int i = 0, length = text.length(); i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        digest.update(scratch, 0, n);
        digest.update(text.subSequence(i, length).toString().getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (n == scratch.length) {
        digest.update(scratch, 0, n);
        n = 0;
      }
      scratch[n++] = (byte) c;
    }
    digest.update(scratch, 0, n);
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
}
