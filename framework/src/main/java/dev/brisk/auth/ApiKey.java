package dev.brisk.auth;

import dev.brisk.internal.Sha256;
import java.nio.charset.StandardCharsets;
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

  /** Validates the id and tier. */
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tier, "tier");
  }

  /** The lower-case hex SHA-256 of a plain key's UTF-8 bytes: what stores keep and look up. */
  public static String hash(String plainKey) {
    return HEX.formatHex(Sha256.of(plainKey.getBytes(StandardCharsets.UTF_8)));
  }
}
