package dev.brisk.endpoint;

import dev.brisk.db.RowCursor;
import dev.brisk.db.Where;
import dev.brisk.fields.FieldMask;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import dev.brisk.stream.ChunkedStream;
import dev.brisk.stream.ProtobufRows;
import dev.brisk.stream.StreamEncoder;
import dev.brisk.stream.StreamFormat;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The export of a {@link ResourceEndpoint}: every row matching the list filters, in id order,
 * streamed from a server-side cursor in the format {@code Accept} asks for. SSE events carry the
 * row id, so {@code Last-Event-ID} resumes after it. Rows without embeds are written straight from
 * the cursor; with embeds, each fetched chunk of rows is rendered as a list page renders its rows
 * (one query per embed level for the chunk, through the main pool) before it is written and the
 * next one fetched. Runs on the request's event loop.
 */
final class ResourceExport {

  private static final String ID_LABEL = "brisk_id";

  private final Spec spec;
  private final ResourceReads reads;
  private final Function<RoutingContext, Future<?>> check;
  private final String idSql;

  /** {@code check} (null: none) runs once the request is valid, before the cursor opens. */
  ResourceExport(Spec spec, ResourceReads reads, Function<RoutingContext, Future<?>> check) {
    this.spec = spec;
    this.reads = reads;
    this.check = check;
    this.idSql = Sorts.idSql(spec.resource());
  }

  /**
   * Validates the request (400/406 before any SQL), runs the mount's check (its failure is the
   * answer), then streams the cursor.
   */
  // region handle
  void handle(RoutingContext ctx) {
    Requests.onlyParams(ctx.queryParams(), reads.exportParams());
    FieldMask mask = ResourceReads.mask(ctx.queryParams(), spec.resource());
    Runnable open;
    if (mask.embeds().isEmpty()) {
      StreamEncoder<Row> encoder = StreamEncoder.rows(mask)
          .withEventId(row -> String.valueOf(row.getValue(ID_LABEL)))
          .withEventName(spec.resource().name());
      if (spec.protobuf() != null) {
        encoder = encoder.withProtobufWriter(spec.protobuf(),
            ProtobufRows.writer(spec.protobuf(), mask));
      }
      open = stream(ctx, mask, encoder, rows -> rows);
    } else {
      StreamEncoder<Rendered> encoder = StreamEncoder.json(Rendered::json)
          .withEventId(Rendered::id)
          .withEventName(spec.resource().name());
      if (spec.protobuf() != null) {
        encoder = encoder.withProtobufJson(spec.protobuf());
      }
      open = stream(ctx, mask, encoder, rows -> ChunkedStream.map(rows,
          spec.cursor().fetchSize(), chunk -> render(chunk, mask)));
    }
    if (check == null) {
      open.run();
    } else {
      // Before the head is written: once the stream has started, a failure cannot be a 404.
      check.apply(ctx).onSuccess(x -> open.run()).onFailure(ctx::fail);
    }
  }

  /**
   * Negotiates the format and reads the filters (400/406 here); the returned action opens the
   * cursor and streams {@code items} made of its rows.
   */
  private <T> Runnable stream(RoutingContext ctx, FieldMask mask, StreamEncoder<T> encoder,
      Function<RowCursor, ReadStream<T>> items) {
    StreamFormat format = StreamFormat.negotiate(Requests.headerList(ctx, "Accept"), encoder);
    Where where = reads.select(ctx.queryParams(), ctx).where();
    if (format == StreamFormat.SSE) {
      where.and(idSql + " > ?", lastEventId(ctx));
    }
    String sql = "SELECT " + mask.projection() + ", " + idSql + " AS " + ID_LABEL + " FROM "
        + spec.resource().table() + " " + spec.resource().alias() + " WHERE " + where.sql()
        + " ORDER BY " + idSql;
    // Handed over opening: an SSE stream starts its heartbeats while the cursor opens.
    return () -> spec.streamer().send(ctx, format, spec.db().cursor(sql,
            Tuple.wrap(new ArrayList<>(where.params())), spec.cursor()).map(items), encoder)
        .onFailure(ctx::fail);
  }
  // endregion handle

  /** One chunk of rows with its embeds, each row with its SSE id. */
  private Future<List<Rendered>> render(List<Row> chunk, FieldMask mask) {
    return reads.reader().renderChunk(chunk, mask).map(json -> {
      List<Rendered> rendered = new ArrayList<>(json.size());
      for (int i = 0; i < json.size(); i++) {
        rendered.add(new Rendered(String.valueOf(chunk.get(i).getValue(ID_LABEL)), json.get(i)));
      }
      return rendered;
    });
  }

  /** A rendered row and its id, which the row's JSON holds only when {@code fields} selects it. */
  private record Rendered(String id, JsonObject json) {
  }

  /** The SSE resume position: the last id the client saw, or null. */
  private Long lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(header.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw Problem.badRequest("Last-Event-ID must be a " + spec.resource().name()
        + " id from this stream, was '"
        + (header.length() > 40 ? header.substring(0, 40) + "..." : header) + "'");
  }
}
