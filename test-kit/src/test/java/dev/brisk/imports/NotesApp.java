package dev.brisk.imports;

import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.db.Sql;
import dev.brisk.http.BodySchema;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A table of notes filled by an NDJSON import ({@code docs/streaming.md#import}): the line
 * schema, the batch writer and the declaration below are all an app writes. Its table is the
 * setting {@code notes-table}; batches of three lines, so that a few lines span batches.
 */
final class NotesApp implements BriskApp {

  /** The line counts of the committed batches, in order, as the after-batch hook saw them. */
  static final Queue<Long> COMMITTED = new ConcurrentLinkedQueue<>();

  // region line-schema
  static final BodySchema.ObjectSchema NOTE = BodySchema.object()
      .required("key", BodySchema.text(1, 32).nonBlank())
      .required("body", BodySchema.text(0, 200));
  // endregion line-schema

  @Override
  public Future<Void> start(BriskContext context) {
    return context.db().query("CREATE TABLE IF NOT EXISTS " + table(context)
        + " (key text PRIMARY KEY, body text NOT NULL)").mapEmpty();
  }

  // region writer
  /** Inserts new keys; a key already there (or twice in the batch) is that line's error. */
  static Future<Map<Long, String>> write(Sql tx, String table, List<ImportLine> lines) {
    String[] keys = lines.stream().map(l -> l.value().getString("key")).toArray(String[]::new);
    String[] bodies = lines.stream().map(l -> l.value().getString("body"))
        .toArray(String[]::new);
    return tx.query("INSERT INTO " + table + " (key, body) SELECT * FROM unnest($1::text[], "
        + "$2::text[]) ON CONFLICT (key) DO NOTHING RETURNING key",
            Tuple.tuple().addValue(keys).addValue(bodies))
        .map(rows -> {
          Set<String> written = new HashSet<>();
          for (Row row : rows) {
            written.add(row.getString(0));
          }
          Map<Long, String> refused = new TreeMap<>();
          for (ImportLine line : lines) {
            String key = line.value().getString("key");
            if (!written.remove(key)) {
              refused.put(line.number(), "a note with key '" + key + "' already exists");
            }
          }
          return refused;
        });
  }
  // endregion writer

  @Override
  public void routes(Routes routes, BriskContext context) {
    String table = table(context);
    // region declare
    ImportLimits limits = ImportLimits.defaults()
        .withBatchSize(3)
        .withMaxLines(2_000)
        .withMaxLineBytes(64)
        .withMaxBytes(256 * 1024)
        .withMaxInflationRatio(10)
        .withStallTimeout(context.streamOptions().stallTimeout());
    NdjsonImport notes = NdjsonImport.create(context.db(), NOTE,
            (tx, lines) -> write(tx, table, lines), limits)
        .withItemNames("note", "notes")
        .withAfterBatch(written -> {
          COMMITTED.add(written);
          return Future.succeededFuture();
        });
    routes.documented(notes.documented(OperationDoc.summary("Import notes")))
        .upload(HttpMethod.POST, "/api/notes/import", Access.open(), context.streams(), notes);
    // endregion declare
    // A writer that names a line outside its batch breaks its contract: a 500, not a count.
    NdjsonImport misnumbered = NdjsonImport.create(context.db(), NOTE,
        (tx, lines) -> Future.succeededFuture(Map.of(lines.get(0).number() + 1000, "?")),
        limits);
    routes.upload(HttpMethod.POST, "/api/notes/misnumbered", Access.open(), context.streams(),
        misnumbered);
  }

  private static String table(BriskContext context) {
    return context.config().require("notes-table");
  }
}
