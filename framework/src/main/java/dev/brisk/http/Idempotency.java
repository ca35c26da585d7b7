package dev.brisk.http;

import dev.brisk.auth.Caller;
import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.internal.JsonWriter;
import dev.brisk.internal.Sha256;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} for writes: the first request with a key runs its work in a transaction
 * that also records the response; a repeat returns that response (with
 * {@code Idempotent-Replayed: true}) and runs nothing. A repeat that arrives while the first is
 * still running waits for it (PostgreSQL blocks the second insert of the key until the first
 * commits), so concurrent repeats create one result. Keys are scoped to the caller (its key id, or
 * its IP when anonymous), so two callers never see each other's records, and records expire
 * after {@link #TTL}: an expired key runs again, and a periodic background purge deletes old
 * rows. Client errors such as 409 are recorded too; validation failures (400, 422) and 5xx are
 * not, so a corrected request or a retry after a server failure runs again. The fingerprint
 * covers method, path and query, media type and body (a JSON body by its content: member order
 * and whitespace do not count); reusing a key with a different request is 422.
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
  /** How long a record is replayed. */
  public static final Duration TTL = Duration.ofHours(24);
  /** The longest key. */
  static final int MAX_KEY_LENGTH = 255;
  /** Visible ASCII, 1 to {@value #MAX_KEY_LENGTH} characters. */
  private static final String KEY = "[!-~]{1," + MAX_KEY_LENGTH + "}";
  private static final Pattern VALID_KEY = Pattern.compile(KEY);
  /**
   * The header as a parameter of an operation's description:
   * {@code doc.withHeaders(Idempotency.PARAMETER)}.
   */
  public static final ParameterDoc PARAMETER = ParameterDoc.optional(HEADER,
      new JsonObject().put("type", "string").put("pattern", "^" + KEY + "$"),
      "Makes the write idempotent: a repeat with the same key (scoped to the caller) within "
          + TTL.toHours() + " h returns the first result and changes nothing; one sent while "
          + "the first still runs waits for it");
  /**
   * The response header of a replayed answer, as the generated description shows it on the
   * answers of an operation that lists {@link #PARAMETER}: its success and the client errors it
   * records ({@link #isRecorded}).
   */
  public static final ParameterDoc REPLAYED = ParameterDoc.optional("Idempotent-Replayed",
      new JsonObject().put("type", "string").put("enum", new JsonArray().add("true")),
      "Present on the recorded answer of an earlier request with the same Idempotency-Key");
  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

  private final Db db;
  private final String table;

  private Idempotency(Db db, String table) {
    this.db = db;
    this.table = table;
  }

  /**
   * Records keys in {@code table} and deletes expired ones every 10 minutes on a timer of the
   * calling context (cancelled when its verticle stops), never on the request path.
   */
  public static Idempotency create(Vertx vertx, Db db, String table) {
    Idempotency idempotency = new Idempotency(db, table);
    vertx.setPeriodic(PURGE_EVERY.toMillis(), id -> idempotency.purge());
    return idempotency;
  }

  /** Deletes records older than {@link #TTL}, at most 10,000 per call; completes with the count. */
  public Future<Integer> purge() {
    return db.query("DELETE FROM " + table + " WHERE key IN (SELECT key FROM " + table
            + " WHERE created_at < now() - make_interval(secs => $1) LIMIT 10000)",
            Tuple.of((double) TTL.toSeconds()))
        .map(rows -> rows.rowCount())
        .onFailure(e -> LOG.warn("Idempotency purge of {} failed: {}", table, e.getMessage()));
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
    // An expired record is taken over as if the key were new.
    return db.inTransaction(tx -> tx.query("INSERT INTO " + table + " AS t (key, fingerprint) "
                + "VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET fingerprint = $2, "
                + "status = NULL, headers = NULL, body = NULL, created_at = now() "
                + "WHERE t.created_at < now() - make_interval(secs => $3) RETURNING key",
            Tuple.of(scopedKey, fingerprint, (double) TTL.toSeconds()))
        .compose(inserted -> inserted.size() == 1
            ? firstRun(tx, scopedKey, work)
            : replay(tx, scopedKey, fingerprint)));
  }

  private Future<Reply> firstRun(Sql tx, String key, Function<Sql, Future<Reply>> work) {
    return tx.query("SAVEPOINT brisk_idempotency")
        .compose(x -> work.apply(tx))
        .compose(reply -> record(tx, key, reply).map(reply),
            failure -> failure instanceof Problem p && isRecorded(p.status())
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
            // The pointer "" is the whole body ("/" would name a member called "").
            return Future.failedFuture(Problem.validation(List.of(Problem.FieldError.of(
                "", HEADER + " was already used for a different request"))));
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

  /**
   * Whether a failure with {@code status} is recorded and replayed: a client error, but not a
   * validation failure (400, 422), which rolls the key back with everything else so a fixed
   * request may reuse it.
   */
  public static boolean isRecorded(int status) {
    return status >= 400 && status < 500 && status != 400 && status != 422;
  }

  private static String scope(RoutingContext ctx) {
    return Caller.of(ctx).scope() + " ";
  }

  /**
   * SHA-256 over length-prefixed method, path and query, media type and body. A JSON body counts
   * by its content, not its spelling: members are sorted, whitespace dropped and integral numbers
   * written as integers ({@code 1.0} is {@code 1}), so a retry that re-serialized the same
   * document is the same request.
   */
  static String fingerprint(RoutingContext ctx) {
    MessageDigest sha = Sha256.digest();
    update(sha, ctx.request().method().name().getBytes(StandardCharsets.UTF_8));
    update(sha, ctx.request().uri().getBytes(StandardCharsets.UTF_8));
    String type = MediaTypes.essence(ctx.request().getHeader("Content-Type"));
    update(sha, (type == null ? "" : type).getBytes(StandardCharsets.UTF_8));
    update(sha, canonical(type, ctx.body().buffer()));
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The body's bytes; for JSON, its canonical form (sorted members, no whitespace). */
  static byte[] canonical(String type, Buffer body) {
    if (body == null) {
      return new byte[0];
    }
    if (MediaTypes.isJson(type)) {
      try {
        return JsonWriter.encode(sorted(Json.decodeValue(body))).getBytes();
      } catch (DecodeException malformed) {
        return body.getBytes();
      }
    }
    return body.getBytes();
  }

  private static Object sorted(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> members = new TreeMap<>();
      object.forEach(e -> members.put(e.getKey(), sorted(e.getValue())));
      return members;
    }
    if (value instanceof JsonArray array) {
      List<Object> items = new ArrayList<>(array.size());
      array.forEach(item -> items.add(sorted(item)));
      return items;
    }
    if ((value instanceof Double || value instanceof Float
        || value instanceof BigDecimal exact && exact.stripTrailingZeros().scale() <= 0)
        && integral(((Number) value).doubleValue())) {
      // 1, 1.0 and 1e0 are the same number: written as the integer.
      return ((Number) value).longValue();
    }
    return value;
  }

  private static boolean integral(double d) {
    return d == Math.rint(d) && Math.abs(d) < 0x1p63;
  }

  private static void update(MessageDigest sha, byte[] bytes) {
    int n = bytes.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(bytes);
  }
}
