package dev.brisk.imports;

import dev.brisk.db.Sql;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch of an import's valid lines inside the transaction the import opened for it
 * and answers the lines it refused (a duplicate key, a missing reference): line number to
 * detail, each reported as {@code /lines/<n>}; every other line of the batch counts as imported
 * once the transaction commits. A failed future rolls the batch back and stops the import
 * (a {@code Problem} such as the database's 503 or 504 says what was imported before it).
 * Runs on the request's event loop.
 *
 * <p>{@code (tx, lines) -> tx.query(INSERT, params(lines)).map(rows -> refused(lines, rows))}
 */
@FunctionalInterface
public interface BatchWriter {

  /** Writes {@code lines} (in line order) with {@code tx}; answers the refused lines' errors. */
  Future<Map<Long, String>> write(Sql tx, List<ImportLine> lines);
}
