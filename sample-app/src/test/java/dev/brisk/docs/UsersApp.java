package dev.brisk.docs;

import dev.brisk.auth.Access;
import dev.brisk.Brisk;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import io.vertx.sqlclient.Tuple;

/** docs/architecture.md, "Add an endpoint": one route with plain SQL. */
// region users-app
public final class UsersApp implements BriskApp {
  public static void main(String[] args) {
    Brisk.run(args, UsersApp::new);   // stores from BRISK_PG_URL and BRISK_REDIS_URL
  }

  @Override
  public void routes(Routes routes, BriskContext ctx) {
    routes.get("/api/users/:id", Access.open(), rc -> ctx.db()
        .query("SELECT id, email FROM users WHERE id = $1", Tuple.of(Requests.pathId(rc, "id")))
        .map(rows -> {
          if (rows.size() == 0) {
            throw Problem.notFound("User " + rc.pathParam("id") + " does not exist");
          }
          return Reply.ok(rows.iterator().next().toJson());
        }));
  }
}
// endregion users-app
