package dev.brisk.imports;

import dev.brisk.db.Db;
import dev.brisk.http.BodySchema;
import dev.brisk.http.MediaTypes;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Requests;
import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** {@link NdjsonImport}: checks the request's head, then runs an {@link ImportRun}. */
final class DefaultNdjsonImport implements NdjsonImport {

  private final Db db;
  private final BodySchema.ObjectSchema line;
  private final BatchWriter writer;
  private final ImportLimits limits;
  /** Null for none. */
  private final AfterBatch afterBatch;
  private final String one;
  private final String many;

  DefaultNdjsonImport(Db db, BodySchema.ObjectSchema line, BatchWriter writer,
      ImportLimits limits, AfterBatch afterBatch, String one, String many) {
    this.db = Objects.requireNonNull(db, "db");
    this.line = Objects.requireNonNull(line, "line");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.afterBatch = afterBatch;
    this.one = requireName("one", one);
    this.many = requireName("many", many);
  }

  @Override
  public NdjsonImport withAfterBatch(AfterBatch hook) {
    return new DefaultNdjsonImport(db, line, writer, limits,
        Objects.requireNonNull(hook, "hook"), one, many);
  }

  @Override
  public NdjsonImport withItemNames(String one, String many) {
    return new DefaultNdjsonImport(db, line, writer, limits, afterBatch, one, many);
  }

  @Override
  public OperationDoc documented(OperationDoc operation) {
    return operation.withRequestBody(line.withDescription("One line of the body"))
        .withRequestMediaTypes(NDJSON)
        .returns(new JsonObject().put("type", "object").put("properties", new JsonObject()
            .put("imported", new JsonObject().put("type", "integer"))))
        .withProblems(422);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    String contentType = ctx.request().getHeader("Content-Type");
    if (!NDJSON.equals(MediaTypes.essence(contentType))) {
      throw Requests.namingAccepted(ctx, Problem.unsupportedMediaType(contentType,
          List.of(NDJSON)), List.of(NDJSON));
    }
    if (!MediaTypes.isUtf8(contentType)) {
      throw Requests.namingAccepted(ctx, Problem.unsupportedCharset(contentType,
          List.of(NDJSON)), List.of(NDJSON));
    }
    ImportBody body = ImportBody.of(ctx.request(), limits);
    new ImportRun(ctx, limits, db, writer, afterBatch,
        new LineReader(line, limits.maxLineBytes()), new ImportTally(one, many), body).start();
  }

  private static String requireName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " must name what a line holds, was '" + name
          + "'");
    }
    return name;
  }
}
