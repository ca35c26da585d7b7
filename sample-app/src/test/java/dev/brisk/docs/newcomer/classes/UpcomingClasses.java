package dev.brisk.docs.newcomer.classes;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.db.CursorOptions;
import dev.brisk.db.Db;
import dev.brisk.docs.newcomer.classes.ClassesApp.Resources;
import dev.brisk.docs.newcomer.classes.proto.FitnessClass;
import dev.brisk.fields.FieldMask;
import dev.brisk.fields.ResourceReader;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.ParameterDoc;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.http.StreamLimiter;
import dev.brisk.problem.Problem;
import dev.brisk.stream.ChunkedStream;
import dev.brisk.stream.StreamEncoder;
import dev.brisk.stream.StreamFormat;
import dev.brisk.stream.Streamer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/classes/upcoming}: the classes that have not started yet, in start order, as
 * NDJSON, a JSON array, SSE or delimited protobuf, with {@code fields} (embeds too, loaded per
 * fetched chunk) and an optional {@code studio_id}. An SSE client resumes after the position
 * (start time and id) its {@code Last-Event-ID} carries. A resource endpoint's export offers the
 * start order ({@code sort=starts_at}, signed positions as event ids), but not a condition on the
 * server's clock nor readable event ids, so this one is written on the primitives.
 */
final class UpcomingClasses {

  private static final Set<String> PARAMS = Set.of("fields", "studio_id");
  private static final String ID = "brisk_id";
  private static final String STARTS = "brisk_starts_at";

  private final Resources r;
  private final Db db;
  private final ResourceReader reader;
  private final Streamer streamer;
  private final StreamLimiter limiter;

  UpcomingClasses(BriskContext context, Resources r) {
    this.r = r;
    this.db = context.db();
    this.reader = context.reader(r.fitnessClass(), null);
    this.streamer = Streamer.create(context.streamOptions());
    this.limiter = context.streams();
  }

  void register(Routes routes) {
    routes.documented(OperationDoc.summary("Stream the classes that have not started yet")
            .withDescription("In start order. `Accept` picks NDJSON (default), a JSON array,"
                + " SSE (`Last-Event-ID` resumes after that class) or length-delimited protobuf.")
            .withQuery(ParameterDoc.fields(r.fitnessClass()),
                Requests.queryIdDoc("studio_id", "Only this studio's classes"))
            .withHeaders(ParameterDoc.optional("Last-Event-ID", new JsonObject()
                .put("type", "string"), "With text/event-stream: resumes after the event of"
                    + " this id (`<starts_at>/<class id>`)"))
            .returns(r.fitnessClass(), OperationDoc.Shape.STREAM)
            .withProtobuf(FitnessClass.getDescriptor().getFullName())
            .withProblems(406, 413, 429))
        .stream(HttpMethod.GET, "/api/classes/upcoming", Access.open(), limiter, this::handle);
  }

  /**
   * A rendered class with its position in the stream, which its SSE event id carries
   * ({@code 2030-03-01T07:00:00Z/12}): a resume still finds its place when that class was
   * deleted or moved meanwhile.
   */
  private record Item(OffsetDateTime startsAt, long id, JsonObject json) {
    String eventId() {
      return startsAt.toInstant() + "/" + id;
    }
  }

  private void handle(RoutingContext ctx) {
    Requests.onlyParams(ctx, PARAMS);
    FieldMask mask = FieldMask.parse(r.fitnessClass(), Requests.single(ctx, "fields"));
    Long studio = Requests.queryId(ctx, "studio_id");
    StreamEncoder<Item> encoder = StreamEncoder.json(Item::json)
        .withEventId(Item::eventId)
        .withEventName("class")
        .withProtobufJson(FitnessClass.getDescriptor());
    StreamFormat format = StreamFormat.negotiate(Requests.headerList(ctx, "Accept"), encoder);
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder("c.starts_at > now()");
    if (studio != null) {
      params.add(studio);
      where.append(" AND c.studio_id = $").append(params.size());
    }
    String last = ctx.request().getHeader("Last-Event-ID");
    if (format == StreamFormat.SSE && last != null) {
      int slash = last.lastIndexOf('/');
      params.add(startsAt(last, slash));
      params.add(id(last, slash));
      where.append(" AND (c.starts_at, c.id) > ($").append(params.size() - 1).append(", $")
          .append(params.size()).append(")");
    }
    String sql = "SELECT " + mask.projection() + ", c.id AS " + ID + ", c.starts_at AS " + STARTS
        + " FROM " + r.table("classes") + " c WHERE " + where + " ORDER BY c.starts_at, c.id";
    CursorOptions cursor = CursorOptions.defaults();
    streamer.send(ctx, format, db.cursor(sql, Tuple.from(params), cursor)
            .map(rows -> ChunkedStream.map(rows, cursor.fetchSize(), chunk -> render(chunk,
                mask))), encoder)
        .onFailure(ctx::fail);
  }

  private Future<List<Item>> render(List<Row> chunk, FieldMask mask) {
    return reader.renderChunk(chunk, mask).map(json -> {
      List<Item> items = new ArrayList<>(json.size());
      for (int i = 0; i < json.size(); i++) {
        Row row = chunk.get(i);
        items.add(new Item(row.getOffsetDateTime(STARTS), row.getLong(ID), json.get(i)));
      }
      return items;
    });
  }

  private static OffsetDateTime startsAt(String raw, int slash) {
    try {
      return OffsetDateTime.parse(raw.substring(0, Math.max(slash, 0)));
    } catch (DateTimeParseException e) {
      throw badLastEventId(raw);
    }
  }

  private static long id(String raw, int slash) {
    try {
      long id = Long.parseLong(raw.substring(slash + 1));
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw badLastEventId(raw);
  }

  private static Problem badLastEventId(String raw) {
    return Problem.badRequest("Last-Event-ID must be the id of an event of this stream"
        + " (<starts_at>/<class id>), was '" + (raw.length() > 40 ? raw.substring(0, 40) : raw)
        + "'");
  }
}
