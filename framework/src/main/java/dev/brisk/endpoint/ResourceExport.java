package dev.brisk.endpoint;

import dev.brisk.db.RowCursor;
import dev.brisk.db.Where;
import dev.brisk.fields.FieldMask;
import dev.brisk.http.Requests;
import dev.brisk.page.KeysetSql;
import dev.brisk.page.PageRequest;
import dev.brisk.page.Pager;
import dev.brisk.page.Sort;
import dev.brisk.page.SortColumn;
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
 * The export of a {@link ResourceEndpoint}: every row matching the list filters, in id order or
 * in a declared sort ({@code sort=}, then id), streamed from a server-side cursor in the format
 * {@code Accept} asks for. SSE events carry the row's position (its id in id order, a signed
 * keyset position in a sort), so {@code Last-Event-ID} resumes after it with a keyset
 * {@code WHERE}. Rows without embeds are written straight from
 * the cursor; with embeds, each fetched chunk of rows is rendered as a list page renders its rows
 * (one query per embed level for the chunk, through the main pool) before it is written and the
 * next one fetched. Runs on the request's event loop.
 */
final class ResourceExport {

  private static final String ID_LABEL = "brisk_id";
  private static final String KEY_LABEL = "brisk_key";
  private static final String LAST_EVENT_ID = "Last-Event-ID";

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
    Order order = order(ctx);
    Runnable open;
    if (mask.embeds().isEmpty()) {
      StreamEncoder<Row> encoder = StreamEncoder.rows(mask)
          .withEventId(order::eventId)
          .withEventName(spec.resource().name());
      if (spec.protobuf() != null) {
        encoder = encoder.withProtobufWriter(spec.protobuf(),
            ProtobufRows.writer(spec.protobuf(), mask));
      }
      open = stream(ctx, mask, order, encoder, rows -> rows);
    } else {
      StreamEncoder<Rendered> encoder = StreamEncoder.json(Rendered::json)
          .withEventId(r -> order.eventId(r.row()))
          .withEventName(spec.resource().name());
      if (spec.protobuf() != null) {
        encoder = encoder.withProtobufJson(spec.protobuf());
      }
      open = stream(ctx, mask, order, encoder, rows -> ChunkedStream.map(rows,
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
   * Negotiates the format and reads the filters and the resume position (400/406 here); the
   * returned action opens the cursor and streams {@code items} made of its rows.
   */
  private <T> Runnable stream(RoutingContext ctx, FieldMask mask, Order order,
      StreamEncoder<T> encoder, Function<RowCursor, ReadStream<T>> items) {
    StreamFormat format = StreamFormat.negotiate(Requests.headerList(ctx, "Accept"), encoder);
    Selection selection = reads.select(ctx.queryParams(), ctx);
    Where where = selection.where();
    String from = " FROM " + spec.resource().table() + " " + spec.resource().alias() + " WHERE ";
    String sql;
    List<Object> params;
    if (order.sort() == null) {
      if (format == StreamFormat.SSE) {
        where.and(idSql + " > ?", lastEventId(ctx));
      }
      sql = from + where.sql() + " ORDER BY " + idSql;
      params = new ArrayList<>(where.params());
    } else {
      // Only SSE resumes: the other formats ignore Last-Event-ID, as in id order.
      order.start(format == StreamFormat.SSE
          ? spec.pager().resume(ctx, LAST_EVENT_ID, order.sort(), selection.bound())
          : spec.pager().resume(LAST_EVENT_ID, null, order.sort(), selection.bound()));
      KeysetSql keyset = order.request().sql(where.nextParam());
      sql = order.keyColumns() + from + where.sql() + " AND " + keyset.predicate()
          + " ORDER BY " + keyset.orderBy();
      params = new ArrayList<>(where.params());
      params.addAll(keyset.params());
    }
    String statement = "SELECT " + mask.projection() + ", " + idSql + " AS " + ID_LABEL + sql;
    Tuple tuple = Tuple.wrap(params);
    // Handed over opening: an SSE stream starts its heartbeats while the cursor opens.
    return () -> spec.streamer().send(ctx, format, spec.db().cursor(statement, tuple,
            spec.cursor()).map(items), encoder)
        .onFailure(ctx::fail);
  }
  // endregion handle

  /** The order {@code sort} asks for: the id order (no resume token) when it is absent. */
  private Order order(RoutingContext ctx) {
    // Only an endpoint with a pager accepts sort (exportParams): its positions are signed.
    String name = Requests.single(ctx.queryParams(), "sort");
    if (name == null || name.isEmpty()) {
      return new Order(null, spec.pager());
    }
    return new Order(Sort.select(name, spec.sorts()), spec.pager());
  }

  /** One chunk of rows with its embeds, each row kept for its SSE id. */
  private Future<List<Rendered>> render(List<Row> chunk, FieldMask mask) {
    return reads.reader().renderChunk(chunk, mask).map(json -> {
      List<Rendered> rendered = new ArrayList<>(json.size());
      for (int i = 0; i < json.size(); i++) {
        rendered.add(new Rendered(chunk.get(i), json.get(i)));
      }
      return rendered;
    });
  }

  /** A rendered row and the row it was read from, which holds its SSE id. */
  private record Rendered(Row row, JsonObject json) {
  }

  /**
   * The order of one export: the id order, whose event ids are the ids, or a declared sort,
   * whose event ids are signed keyset positions ({@link Pager#position}). Per request.
   */
  private static final class Order {
    private final Sort sort;
    private final Pager pager;
    private PageRequest request;

    Order(Sort sort, Pager pager) {
      this.sort = sort;
      this.pager = pager;
    }

    Sort sort() {
      return sort;
    }

    PageRequest request() {
      return request;
    }

    void start(PageRequest at) {
      this.request = at;
    }

    /** The sort keys read under labels of their own, whatever {@code fields} selects. */
    String keyColumns() {
      StringBuilder sql = new StringBuilder();
      for (int i = 0; i < sort.columns().size(); i++) {
        sql.append(", ").append(sort.columns().get(i).sql()).append(" AS ").append(KEY_LABEL)
            .append(i);
      }
      return sql.toString();
    }

    String eventId(Row row) {
      if (sort == null) {
        return String.valueOf(row.getValue(ID_LABEL));
      }
      List<SortColumn> columns = sort.columns();
      return pager.position(request, row,
          (r, col) -> r.getValue(KEY_LABEL + columns.indexOf(col)));
    }
  }

  /** The SSE resume position: the last id the client saw, or null. */
  private Long lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader(LAST_EVENT_ID);
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
