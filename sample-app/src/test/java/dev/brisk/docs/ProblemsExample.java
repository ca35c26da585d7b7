package dev.brisk.docs;

import dev.brisk.http.Reply;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;

/** docs/problems.md: a handler fails with a Problem, thrown or as a failed future. */
final class ProblemsExample {

  private ProblemsExample() {
  }

  // region fail
  static Future<Reply> product(long id, int limit) {
    if (limit < 1 || limit > 100) {
      throw Problem.invalidParameter("limit", "limit must be between 1 and 100, was " + limit);
    }
    return Future.failedFuture(Problem.notFound("Product " + id + " does not exist"));
  }
  // endregion fail
}
