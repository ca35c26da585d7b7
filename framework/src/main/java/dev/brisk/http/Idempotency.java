package dev.brisk.http;

import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for writes: the first request with a key runs its work in a transaction
 * that also records the response; a repeat returns that response (with
 * {@code Idempotent-Replayed: true}) and runs nothing. A repeat that arrives while the first is
 * still running waits for it (PostgreSQL blocks the second insert of the key until the first
 * commits), so concurrent repeats create one result. Client errors (4xx) are recorded too; 5xx
 * are not, so a retry after a server failure runs again. Reusing a key with a different request
 * is 422.
 *
 * <p>{@code idempotency.run(ctx, tx -> orders.place(tx, request))}
 *
 * <p>Needs a table: {@code CREATE TABLE idempotency_keys (key text PRIMARY KEY, fingerprint text
 * NOT NULL, status integer, headers jsonb, body bytea, created_at timestamptz NOT NULL DEFAULT
 * now())}. Runs on the request's context.
 */
public final class Idempotency {

  /** The request header carrying the key. */
  public static final String HEADER = "Idempotency-Key";
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final Db db;
  private final String table;

  private Idempotency(Db db, String table) {
    this.db = db;
    this.table = table;
  }

  /** Records keys in {@code table}. */
  public static Idempotency create(Db db, String table) {
    return new Idempotency(db, table);
  }

  /**
   * Runs {@code work} in a transaction, exactly once per {@code Idempotency-Key}; without the
   * header it simply runs in a transaction.
   */
  public Future<Reply> run(RoutingContext ctx, Function<Sql, Future<Reply>> work) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null) {
      return db.inTransaction(work);
    }
    if (!VALID_KEY.matcher(key).matches()) {
      return Future.failedFuture(Problem.badRequest(
          HEADER + " must be 1 to 255 visible ASCII characters"));
    }
    String scopedKey = scope(ctx) + key;
    String fingerprint = fingerprint(ctx);
    return db.inTransaction(tx -> tx.query("INSERT INTO " + table + " (key, fingerprint) VALUES "
                + "($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key",
            Tuple.of(scopedKey, fingerprint))
        .compose(inserted -> inserted.size() == 1
            ? firstRun(tx, scopedKey, work)
            : replay(tx, scopedKey, fingerprint)));
  }

  private Future<Reply> firstRun(Sql tx, String key, Function<Sql, Future<Reply>> work) {
    return tx.query("SAVEPOINT brisk_idempotency")
        .compose(x -> work.apply(tx))
        .compose(reply -> record(tx, key, reply).map(reply),
            failure -> failure instanceof Problem p && p.status() < 500
                ? tx.query("ROLLBACK TO SAVEPOINT brisk_idempotency")
                    .compose(x -> record(tx, key, ProblemResponse.reply(p)))
                    .map(x -> ProblemResponse.reply(p))
                : Future.failedFuture(failure));
  }

  private Future<Void> record(Sql tx, String key, Reply reply) {
    JsonObject headers = new JsonObject();
    reply.headers().forEach(headers::put);
    if (reply.contentType() != null) {
      headers.put("Content-Type", reply.contentType());
    }
    Buffer body = reply.body() == null ? Buffer.buffer() : reply.body();
    return tx.query("UPDATE " + table + " SET status = $2, headers = $3, body = $4 WHERE key = $1",
        Tuple.of(key, reply.status(), headers, body)).mapEmpty();
  }

  private Future<Reply> replay(Sql tx, String key, String fingerprint) {
    return tx.query("SELECT fingerprint, status, headers, body FROM " + table + " WHERE key = $1",
        Tuple.of(key)).compose(rows -> {
          Row row = rows.iterator().next();
          if (!fingerprint.equals(row.getString("fingerprint"))) {
            return Future.failedFuture(Problem.validation(List.of(Problem.FieldError.of(
                "/", HEADER + " was already used for a different request"))));
          }
          JsonObject headers = (JsonObject) row.getValue("headers");
          String contentType = headers.getString("Content-Type");
          Reply reply = Reply.bytes(row.getInteger("status"), contentType, row.getBuffer("body"));
          for (Map.Entry<String, Object> h : headers) {
            if (!h.getKey().equals("Content-Type")) {
              reply = reply.withHeader(h.getKey(), String.valueOf(h.getValue()));
            }
          }
          return Future.succeededFuture(reply.withHeader("Idempotent-Replayed", "true"));
        });
  }

  private static String scope(RoutingContext ctx) {
    String apiKey = ctx.request().getHeader("X-API-Key");
    return apiKey == null ? "" : sha256(apiKey).substring(0, 16) + ":";
  }

  private static String fingerprint(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return sha256(ctx.request().method().name() + " " + ctx.request().path() + "\n"
        + (body == null ? "" : body.toString(StandardCharsets.UTF_8)));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
