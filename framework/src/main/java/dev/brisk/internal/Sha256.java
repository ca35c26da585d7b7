package dev.brisk.internal;

import io.netty.util.concurrent.FastThreadLocal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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

  private Sha256() {
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
}
