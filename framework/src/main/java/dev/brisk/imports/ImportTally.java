package dev.brisk.imports;

import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What one import has done so far: lines counted, lines imported, lines rejected and the errors
 * of the first {@link #MAX_REPORTED_ERRORS} rejected lines; and the answers that say it. Runs on
 * the request's event loop; not thread-safe.
 */
final class ImportTally {

  /** Line errors listed in a problem (the lowest line numbers); all are counted. */
  static final int MAX_REPORTED_ERRORS = 1000;

  private final String one;
  private final String many;
  private final TreeMap<Long, String> errors = new TreeMap<>();
  private long lines;
  private long imported;
  private long rejected;

  ImportTally(String one, String many) {
    this.one = one;
    this.many = many;
  }

  /** Counts a non-blank line; answers the count. */
  long countLine() {
    return ++lines;
  }

  long rejected() {
    return rejected;
  }

  void imported(long n) {
    imported += n;
  }

  /** Keeps the first {@link #MAX_REPORTED_ERRORS} errors by line; counts all. */
  void reject(long line, String detail) {
    rejected++;
    if (errors.size() < MAX_REPORTED_ERRORS) {
      errors.put(line, detail);
    } else if (line < errors.lastKey()) {
      errors.pollLastEntry();
      errors.put(line, detail);
    }
  }

  /**
   * Forgets the errors of the lines from {@code start} on, and counts {@code rejectedBefore}
   * rejections again: those lines are to be read again.
   */
  void rewind(long start, long rejectedBefore) {
    errors.tailMap(start).clear();
    rejected = rejectedBefore;
  }

  /** The answer of an import read and written in full: 200, or 422 naming the bad lines. */
  void answer(RoutingContext ctx) {
    if (rejected == 0) {
      ctx.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("imported", imported).toBuffer());
      return;
    }
    ctx.fail(Problem.of(422, "validation", "Validation Failed", rejected + " of " + lines
            + (lines == 1 ? " line" : " lines") + (rejected == 1 ? " was" : " were")
            + " rejected; " + importedCount())
        .withErrors(errorList())
        .withExtension("imported", imported)
        .withExtension("rejected", rejected));
  }

  /** {@code problem} saying what was imported before line {@code next}, where to resume. */
  Problem withProgress(Problem problem, long next) {
    return problem.withErrors(errorList())
        .withExtension("imported", imported)
        .withExtension("rejected", rejected)
        .withExtension("next_line", next);
  }

  /** "1 product was imported", "2 products were imported". */
  String importedCount() {
    return imported + (imported == 1 ? " " + one + " was" : " " + many + " were") + " imported";
  }

  private List<Problem.FieldError> errorList() {
    List<Problem.FieldError> list = new ArrayList<>(errors.size());
    errors.forEach((line, detail) -> list.add(Problem.FieldError.of("/lines/" + line, detail)));
    return list;
  }
}
