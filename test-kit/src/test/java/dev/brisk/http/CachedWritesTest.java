package dev.brisk.http;

import static dev.brisk.fields.FieldType.LONG;
import static dev.brisk.fields.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.brisk.BriskApp;
import dev.brisk.BriskContext;
import dev.brisk.auth.Access;
import dev.brisk.endpoint.Mount;
import dev.brisk.fields.Resource;
import dev.brisk.fields.RowVersions;
import dev.brisk.page.Pager;
import dev.brisk.problem.Problem;
import dev.brisk.test.TestBrisk;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CachedWrites} on real PostgreSQL and Redis: a cached, protobuf-capable resource read by
 * a {@code ResourceEndpoint} and changed by a {@code PATCH} that is nothing but the helper.
 */
class CachedWritesTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final TestBrisk APP = TestBrisk.start(GadgetsApp::new);

  /**
   * Gadget 1 named "one"; {@code PATCH /gadgets/:id} renames one. Its declarations are its own:
   * the routes, built while the test class initializes, cannot read the test class's.
   */
  static final class GadgetsApp implements BriskApp {

    private static final Resource GADGET = Resource.builder("gadget", "kit_gadgets", "g")
        .field("id", "id", LONG)
        .field("name", "name", TEXT)
        .build();
    private static final Descriptor PROTO = descriptor();

    @Override
    public Future<Void> start(BriskContext context) {
      return context.db().query("DROP TABLE IF EXISTS kit_gadgets", Tuple.tuple())
          .compose(x -> context.db().query("CREATE TABLE kit_gadgets (id bigint PRIMARY KEY, "
              + "name text NOT NULL)", Tuple.tuple()))
          .compose(x -> context.db().query("INSERT INTO kit_gadgets VALUES (1, 'one')",
              Tuple.tuple()))
          .mapEmpty();
    }

    @Override
    public void routes(Routes routes, BriskContext context) {
      RowVersions versions = RowVersions.of(context.db(), List.of(GADGET));
      context.endpoint(GADGET, Pager.create(context.pages())).protobuf(PROTO, null)
          .cached(context.cache(), versions).build()
          .get(routes, Mount.at("/gadgets/:id", Access.open()));
      CachedWrites writes = CachedWrites.create(context.db(), context.cache(), versions);
      Endpoint rename = ctx -> {
        long id = Requests.pathId(ctx, "id");
        String name = Requests.jsonBody(ctx).getString("name");
        return writes.update(ctx, GADGET, id, PROTO, tx -> tx.query("UPDATE kit_gadgets g "
                + "SET name = $2 WHERE g.id = $1 RETURNING " + GADGET.defaults().projection(),
                Tuple.of(id, name))
            .map(rows -> GADGET.defaults().toJson(rows.iterator().next())));
      };
      // Without withConditionalWrite() every If-Match naming a tag would be refused 412.
      routes.documented(OperationDoc.summary("Rename").withConditionalWrite())
          .patch("/gadgets/:id", Access.open(), rename);
    }
  }

  private static Descriptor descriptor() {
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("kit_gadget.proto")
        .setPackage("kit").setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("Gadget")
            .addField(FieldDescriptorProto.newBuilder().setName("id").setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_INT64))
            .addField(FieldDescriptorProto.newBuilder().setName("name").setNumber(2)
                .setType(FieldDescriptorProto.Type.TYPE_STRING)))
        .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName(
          "Gadget");
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<Buffer> rename(long id, String name, String... headers) {
    return APP.request(HttpMethod.PATCH, "/gadgets/" + id, new JsonObject().put("name", name),
        headers);
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String slug,
      String detail) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo(Problem.TYPE_BASE + slug);
    assertThat(problem.getString("detail")).isEqualTo(detail);
  }

  private static String name(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("name");
  }

  @Test
  void a_missing_row_is_404_as_a_get_words_it() {
    HttpResponse<Buffer> get = APP.get("/gadgets/999");
    assertThat(get.statusCode()).isEqualTo(404);
    assertProblem(rename(999, "x"), 404, "not-found",
        get.bodyAsJsonObject().getString("detail"));
    assertProblem(rename(999, "x", "If-Match", "*"), 404, "not-found",
        "Gadget 999 does not exist");
  }

  @Test
  void preconditions_are_evaluated_against_both_representations_and_the_new_etag_is_a_gets() {
    HttpResponse<Buffer> json = APP.get("/gadgets/1");
    String before = name(json);
    String jsonTag = json.getHeader("ETag");
    String protoTag = APP.get("/gadgets/1", "Accept", PROTOBUF).getHeader("ETag");
    assertThat(protoTag).isNotEqualTo(jsonTag);

    assertProblem(rename(1, "stale", "If-Match", "\"stale\""), 412, "precondition-failed",
        "Gadget 1 has changed since that ETag was issued; fetch it again");
    assertProblem(rename(1, "stale", "If-Match", "W/" + jsonTag), 412, "precondition-failed",
        "If-Match compares ETags strongly, and Gadget 1's current ETag is listed as weak (W/); "
            + "send it as the response gave it");
    assertProblem(rename(1, "stale", "If-None-Match", "*"), 412, "precondition-failed",
        "Gadget 1 exists, so If-None-Match forbids the change");
    assertProblem(rename(1, "stale", "If-None-Match", "W/" + protoTag), 412,
        "precondition-failed",
        "Gadget 1's current ETag is listed in If-None-Match, so If-None-Match forbids the change");
    // Nothing changed: the cached read still holds.
    assertThat(APP.get("/gadgets/1").getHeader("ETag")).isEqualTo(jsonTag);

    // The protobuf form's tag is as good as the JSON one's; the answer is JSON.
    HttpResponse<Buffer> renamed = rename(1, before + "+", "If-Match", protoTag);
    assertThat(name(renamed)).isEqualTo(before + "+");
    HttpResponse<Buffer> after = APP.get("/gadgets/1");
    assertThat(name(after)).as("the cache no longer serves the old value")
        .isEqualTo(before + "+");
    assertThat(renamed.getHeader("ETag")).isNotEqualTo(jsonTag)
        .isEqualTo(after.getHeader("ETag"));

    // Asked for protobuf, the answer's tag is a protobuf GET's; an old tag in If-None-Match
    // lets it through.
    HttpResponse<Buffer> proto = rename(1, before + "++", "Accept", PROTOBUF,
        "If-Match", after.getHeader("ETag"), "If-None-Match", jsonTag);
    assertThat(proto.statusCode()).as(proto.bodyAsString()).isEqualTo(200);
    assertThat(proto.getHeader("Content-Type")).startsWith(PROTOBUF);
    assertThat(proto.getHeader("ETag"))
        .isEqualTo(APP.get("/gadgets/1", "Accept", PROTOBUF).getHeader("ETag"));
    assertThat(name(APP.get("/gadgets/1"))).isEqualTo(before + "++");
  }

  @Test
  void without_preconditions_the_write_applies() {
    String etag = APP.get("/gadgets/1").getHeader("ETag");
    HttpResponse<Buffer> r = rename(1, "plain");
    assertThat(name(r)).isEqualTo("plain");
    assertThat(r.getHeader("ETag")).isNotEqualTo(etag)
        .isEqualTo(APP.get("/gadgets/1").getHeader("ETag"));
  }
}
