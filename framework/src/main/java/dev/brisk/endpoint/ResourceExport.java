package dev.brisk.endpoint;

import dev.brisk.db.Where;
import dev.brisk.fields.Cardinality;
import dev.brisk.fields.Embed;
import dev.brisk.fields.FieldMask;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import dev.brisk.stream.ProtobufRows;
import dev.brisk.stream.StreamEncoder;
import dev.brisk.stream.StreamFormat;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;

/**
 * The export of a {@link ResourceEndpoint}: every row matching the list filters, in id order,
 * streamed from a server-side cursor in the format {@code Accept} asks for. SSE events carry the
 * row id, so {@code Last-Event-ID} resumes after it. Runs on the request's event loop.
 */
final class ResourceExport {

  private static final String ID_LABEL = "brisk_id";

  private final Spec spec;
  private final ResourceReads reads;
  private final String idSql;

  ResourceExport(Spec spec, ResourceReads reads) {
    this.spec = spec;
    this.reads = reads;
    this.idSql = Sorts.idSql(spec.resource());
  }

  /** Validates the request (400/406 before any SQL), then streams the cursor. */
  // region handle
  void handle(RoutingContext ctx) {
    Requests.onlyParams(ctx.queryParams(), reads.exportParams());
    FieldMask mask = ResourceReads.mask(ctx.queryParams(), spec.resource());
    if (!mask.embeds().isEmpty()) {
      throw Problem.invalidParameter("fields", refusal(mask.embeds().get(0)));
    }
    StreamEncoder<Row> encoder = StreamEncoder.rows(mask)
        .withEventId(row -> String.valueOf(row.getValue(ID_LABEL)))
        .withEventName(spec.resource().name());
    if (spec.protobuf() != null) {
      encoder = encoder.withProtobufWriter(ProtobufRows.writer(spec.protobuf(), mask));
    }
    StreamFormat format = StreamFormat.negotiate(ctx.request().getHeader("Accept"),
        encoder.formats());
    Where where = reads.select(ctx.queryParams(), ctx).where();
    if (format == StreamFormat.SSE) {
      where.and(idSql + " > ?", lastEventId(ctx));
    }
    String sql = "SELECT " + mask.projection() + ", " + idSql + " AS " + ID_LABEL + " FROM "
        + spec.resource().table() + " " + spec.resource().alias() + " WHERE " + where.sql()
        + " ORDER BY " + idSql;
    StreamEncoder<Row> chosen = encoder;
    spec.db().cursor(sql, Tuple.wrap(new ArrayList<>(where.params())), spec.cursor())
        .compose(rows -> spec.streamer().send(ctx, format, rows, chosen))
        .onFailure(ctx::fail);
  }
  // endregion handle

  private static String refusal(Embed embed) {
    String detail = "embedded '" + embed.name() + "' is not available in exports";
    return embed.cardinality() == Cardinality.ONE
        ? detail + "; select its key (" + embed.keyColumn() + ") instead" : detail;
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
