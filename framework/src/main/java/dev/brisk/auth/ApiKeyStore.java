package dev.brisk.auth;

import dev.brisk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Where API keys live, looked up by the SHA-256 of the key ({@link ApiKey#hash}); plain keys
 * are never stored or compared. Lookups are cached by the framework, so a store is asked once
 * per key and cache period.
 *
 * <p>{@code ApiKeyStore.sql(context.db(), "api_keys")}
 *
 * <p>Implementations are thread-safe and non-blocking.
 */
public interface ApiKeyStore {

  /** A store that knows no keys: every {@code X-API-Key} is answered 401. */
  static ApiKeyStore none() {
    return hash -> Future.succeededFuture(null);
  }

  /**
   * Keys in a SQL table with columns {@code id}, {@code key_hash} (hex SHA-256, unique),
   * {@code user_id} (nullable) and {@code tier}.
   */
  static ApiKeyStore sql(Sql sql, String table) {
    String query = "SELECT id, user_id, tier FROM " + table + " WHERE key_hash = $1";
    return hash -> sql.query(query, Tuple.of(hash)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      Object user = row.getValue("user_id");
      return new ApiKey(String.valueOf(row.getValue("id")),
          user == null ? null : user.toString(), row.getString("tier"));
    });
  }

  /** The key whose hash is {@code sha256Hex}, or null when there is none. */
  Future<ApiKey> find(String sha256Hex);
}
