package dev.brisk.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stored API key as an {@link ApiKeyStore} returns it: never the key itself, only its id, user
 * and tier. Stores look keys up by {@link #hash}.
 *
 * <p>{@code INSERT INTO api_keys (key_hash, user_id, tier) VALUES (ApiKey.hash("demo-free"), 1, 'free')}
 *
 * @param id the key's id (not secret; appears in logs and scopes state)
 * @param userId the user it belongs to, or null
 * @param tier the name of its tier
 */
public record ApiKey(String id, String userId, String tier) {

  private static final HexFormat HEX = HexFormat.of();
  // Hashed on every request: one digest per thread instead of a provider lookup each time
  // (digest() resets it).
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  });

  /** Validates the id and tier. */
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tier, "tier");
  }

  /** The lower-case hex SHA-256 of a plain key's UTF-8 bytes: what stores keep and look up. */
  public static String hash(String plainKey) {
    return HEX.formatHex(SHA_256.get().digest(plainKey.getBytes(StandardCharsets.UTF_8)));
  }
}
