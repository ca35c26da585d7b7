package dev.brisk.docs.newcomer.rates;

import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.db.Db;
import dev.brisk.fields.Resource;
import dev.brisk.http.BodySchema;
import dev.brisk.http.OperationDoc;
import dev.brisk.http.Reply;
import dev.brisk.http.Requests;
import dev.brisk.http.Routes;
import dev.brisk.http.Validation;
import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /api/rates/import}: an {@code application/x-ndjson} body (at most the 1 MiB body
 * limit), one {@code {"base", "quote", "day", "rate"}} per line, upserted by base, quote and day
 * in one transaction. All valid: 200 {@code {"imported": n}}; otherwise 422 with
 * {@code imported}, {@code rejected} and an error per bad line at {@code /lines/<n>} (1-based),
 * the valid lines written all the same.
 */
final class RateImport {

  static final String NDJSON = "application/x-ndjson";
  static final int MAX_LINES = 10_000;

  // region line-schema
  static final BodySchema.ObjectSchema LINE = BodySchema.object()
      .required("base", BodySchema.oneOf(RatesApp.CURRENCIES.toArray(String[]::new)))
      .required("quote", BodySchema.oneOf(RatesApp.CURRENCIES.toArray(String[]::new)))
      .required("day", BodySchema.date())
      .required("rate", BodySchema.decimal("0.00000001", "999999999999", 8))
      .rule(line -> !line.getString("base").equals(line.getString("quote")),
          "quote must differ from base", "base", "quote");
  // endregion line-schema

  private static final OperationDoc DOC = OperationDoc
      .summary("Import historical rates, one JSON object per line")
      .withRequestMediaTypes(NDJSON)
      .withRequestBody(LINE)
      .returns(new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("imported", new JsonObject().put("type", "integer"))))
      .withProblems(422);

  private final Db db;
  private final String table;

  private RateImport(Db db, String table) {
    this.db = db;
    this.table = table;
  }

  static RateImport create(BriskContext context, Resource rate) {
    return new RateImport(context.db(), rate.table());
  }

  void register(Routes routes) {
    routes.documented(DOC).post("/api/rates/import", Access.tier("pro"), this::handle);
  }

  private record Line(int number, String base, String quote, String day, String rate) {
  }

  private Future<Reply> handle(RoutingContext ctx) {
    Requests.onlyParams(ctx, Set.of());
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    List<Line> valid = new ArrayList<>();
    List<Problem.FieldError> errors = new ArrayList<>();
    int[] rejected = {0};
    int lines = read(body, valid, (n, detail) -> {
      rejected[0]++;
      errors.add(Problem.FieldError.of("/lines/" + n, detail));
    });
    if (lines > MAX_LINES) {
      throw Problem.payloadTooLarge("An import holds at most " + MAX_LINES + " lines, this one "
          + lines);
    }
    if (lines == 0) {
      throw Problem.validation(List.of(Problem.FieldError.of("",
          "The body holds no line; send one JSON object per line")));
    }
    return write(valid).map(imported -> {
      if (errors.isEmpty()) {
        return Reply.ok(new JsonObject().put("imported", imported));
      }
      throw Problem.validation(errors).withExtension("imported", imported)
          .withExtension("rejected", rejected[0]);
    });
  }

  private interface LineErrors {
    void add(int line, String detail);
  }

  /** Splits, decodes and validates every line; answers how many non-blank lines there were. */
  private static int read(Buffer body, List<Line> valid, LineErrors errors) {
    Map<String, Integer> seen = new HashMap<>();
    byte[] bytes = body.getBytes();
    int count = 0;
    int number = 0;
    for (int start = 0; start < bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      number++;
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      String text = decode(bytes, start, stop);
      start = end + 1;
      if (text != null && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text != null && text.isBlank()) {
        continue;
      }
      count++;
      if (count > MAX_LINES) {
        continue;
      }
      if (text == null) {
        errors.add(number, "line is not UTF-8");
        continue;
      }
      Line line = line(number, text, errors);
      if (line != null) {
        Integer first = seen.putIfAbsent(line.base + line.quote + line.day, number);
        if (first != null) {
          errors.add(number, "repeats the rate of " + line.base + "/" + line.quote + " on "
              + line.day + " given on line " + first);
        } else {
          valid.add(line);
        }
      }
    }
    return count;
  }

  private static String decode(byte[] bytes, int from, int to) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Line line(int number, String text, LineErrors errors) {
    Object json;
    try {
      json = Requests.json(Buffer.buffer(text));
    } catch (Problem e) {
      errors.add(number, "line is not valid JSON: " + e.detail());
      return null;
    }
    if (!(json instanceof JsonObject object)) {
      errors.add(number, "line must be a JSON object");
      return null;
    }
    Validation validation = new Validation();
    JsonObject line = LINE.validate(object, validation);
    if (!validation.isValid()) {
      // One entry per line: its members' errors together, as the body's 422 would say them.
      errors.add(number, validation.errors().stream().map(e -> e.pointer() + ": " + e.detail())
          .collect(Collectors.joining("; ")));
      return null;
    }
    return new Line(number, line.getString("base"), line.getString("quote"),
        line.getString("day"), ((BigDecimal) line.getValue("rate")).toPlainString());
  }

  /** Upserts the valid lines in one statement; answers how many rows were written. */
  private Future<Integer> write(List<Line> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture(0);
    }
    String[] bases = lines.stream().map(Line::base).toArray(String[]::new);
    String[] quotes = lines.stream().map(Line::quote).toArray(String[]::new);
    String[] days = lines.stream().map(Line::day).toArray(String[]::new);
    String[] rates = lines.stream().map(Line::rate).toArray(String[]::new);
    // Text arrays cast in SQL: the values were validated, and the driver binds text[] as is.
    return db.inTransaction(tx -> tx.query("INSERT INTO " + table + " (base, quote, day, rate)"
            + " SELECT b, q, d::date, r::numeric FROM unnest($1::text[], $2::text[],"
            + " $3::text[], $4::text[]) AS t(b, q, d, r)"
            + " ON CONFLICT (base, quote, day) DO UPDATE SET rate = EXCLUDED.rate",
            Tuple.of(bases, quotes, days, rates)))
        .map(rows -> rows.rowCount());
  }
}
