package dev.brisk.docs.newcomer.classes;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.auth.Caller;
import dev.brisk.auth.OwnerCheck;
import dev.brisk.cache.Cache;
import dev.brisk.db.Db;
import dev.brisk.db.Sql;
import dev.brisk.docs.newcomer.classes.ClassesApp.Resources;
import dev.brisk.fields.RowVersions;
import dev.brisk.http.Idempotency;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Booking a seat of a class ({@code POST /api/classes/:id/bookings}, idempotent with an
 * {@code Idempotency-Key}; 409 when the class is full or already booked by the member) and
 * cancelling a booking ({@code DELETE /api/bookings/:id}, which frees its seat). Both invalidate
 * the class, its bookings list and the cached class pages before they answer.
 */
final class ClassBookings {

  private final Resources r;
  private final Cache cache;
  private final RowVersions versions;
  private final Idempotency idempotency;
  private final Db db;

  ClassBookings(BriskContext context, Resources r, RowVersions versions) {
    this.r = r;
    this.db = context.db();
    this.cache = context.cache();
    this.versions = versions;
    this.idempotency = Idempotency.create(context.vertx(), context.db(),
        r.table("idempotency_keys"));
  }

  void register(Routes routes, OwnerCheck bookingOwner) {
    routes.documented(OperationDoc.summary("Book a seat of a class")
            .withDescription("Books the caller's member into the class; 409 when no seat is"
                + " left or the member already holds one. With an `Idempotency-Key` a repeat"
                + " returns the first answer.")
            .withPath(Requests.pathIdDoc("id", "The class's id"))
            .withHeaders(Idempotency.PARAMETER)
            .returns(r.booking(), OperationDoc.Shape.ONE)
            .withStatus(201)
            .withProblems(403, 404, 409, 415))
        .post("/api/classes/:id/bookings", Access.authenticated(), this::book);
    routes.documented(OperationDoc.summary("Cancel a booking")
            .withDescription("Deletes the booking and frees its seat.")
            .withPath(Requests.pathIdDoc("id", "The booking's id"))
            .withStatus(204)
            .withProblems(415))
        .delete("/api/bookings/:id", Access.ownerOr("internal", bookingOwner), this::cancel);
  }

  private Future<Reply> book(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    Requests.noBody(ctx);
    long classId = Requests.pathId(ctx, "id");
    String user = Caller.of(ctx).userId();
    if (user == null) {
      throw Problem.of(403, "forbidden", "Forbidden",
          "Only a member's API key can book a class; this one has no member");
    }
    long member = Long.parseLong(user);
    return idempotency.run(ctx, tx -> tx.query("UPDATE " + r.table("classes")
                + " SET seats_left = seats_left - 1 WHERE id = $1 AND seats_left > 0"
                + " RETURNING id", Tuple.of(classId))
            .compose(taken -> taken.size() == 0 ? refuse(tx, classId)
                : tx.query("INSERT INTO " + r.table("bookings") + " (class_id, member_id)"
                    + " VALUES ($1, $2) ON CONFLICT (class_id, member_id) DO NOTHING"
                    + " RETURNING id, class_id, member_id, created_at",
                    Tuple.of(classId, member)))
            .map(rows -> {
              if (rows.size() == 0) {
                // Throwing rolls back the seat taken above.
                throw Problem.conflict("Member " + member + " has already booked class "
                    + classId).withExtension("code", "already_booked");
              }
              Row row = rows.iterator().next();
              return Reply.created("/api/bookings/" + row.getLong("id"),
                  r.booking().defaults().toJson(row));
            }))
        .compose(reply -> invalidate(classId).map(reply));
  }

  private Future<RowSet<Row>> refuse(Sql tx, long classId) {
    return tx.query("SELECT capacity FROM " + r.table("classes") + " WHERE id = $1",
        Tuple.of(classId)).map(rows -> {
          if (rows.size() == 0) {
            throw Problem.notFound("Class " + classId + " does not exist");
          }
          throw Problem.conflict("Class " + classId + " is full: all "
              + rows.iterator().next().getInteger("capacity") + " seats are booked")
              .withExtension("code", "class_full");
        });
  }

  private Future<Reply> cancel(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    Requests.noBody(ctx);
    long booking = Requests.pathId(ctx, "id");
    return db.inTransaction(tx -> tx.query("DELETE FROM " + r.table("bookings")
                + " WHERE id = $1 RETURNING class_id", Tuple.of(booking))
            .compose(rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("Booking " + booking + " does not exist");
              }
              long classId = rows.iterator().next().getLong("class_id");
              return tx.query("UPDATE " + r.table("classes")
                  + " SET seats_left = seats_left + 1 WHERE id = $1", Tuple.of(classId))
                  .map(classId);
            }))
        .compose(classId -> invalidate(classId))
        .map(Reply.empty(204));
  }

  private Future<Void> invalidate(long classId) {
    List<String> tags = new ArrayList<>(versions.written(r.fitnessClass(), List.of(classId)));
    tags.addAll(versions.written(r.booking(), List.of()));
    return cache.invalidate(tags);
  }
}
