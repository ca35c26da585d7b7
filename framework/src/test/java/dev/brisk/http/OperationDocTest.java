package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Parameters stay unique by name, as OpenAPI requires, however a doc is put together; a body
 * schema brings its 422.
 */
class OperationDocTest {

  private static final JsonObject STRING = new JsonObject().put("type", "string");

  @Test
  void a_conditional_write_declared_twice_or_over_its_own_headers_lists_each_once() {
    OperationDoc twice = OperationDoc.summary("Rename").withConditionalWrite()
        .withConditionalWrite();
    OperationDoc over = OperationDoc.summary("Rename")
        .withHeaders(ParameterDoc.optional("if-match", STRING, "hand-written"))
        .withConditionalWrite();

    for (OperationDoc doc : new OperationDoc[] {twice, over}) {
      assertThat(doc.headers()).extracting(ParameterDoc::name)
          .containsExactly("If-Match", "If-None-Match");
      assertThat(doc.responseHeaders()).extracting(ParameterDoc::name).containsExactly("ETag");
      assertThat(doc.problems()).containsExactly(412);
    }
  }

  @Test
  void a_later_parameter_replaces_one_of_its_name() {
    OperationDoc doc = OperationDoc.summary("List")
        .withQuery(ParameterDoc.optional("limit", STRING, "first"),
            ParameterDoc.optional("Limit", STRING, "other case, other parameter"))
        .withQuery(ParameterDoc.optional("limit", STRING, "second"));

    assertThat(doc.query()).extracting(ParameterDoc::description)
        .containsExactly("other case, other parameter", "second");
  }

  @Test
  void a_body_schema_lists_the_422_of_its_validation_once() {
    BodySchema.ObjectSchema body = BodySchema.object().required("name", BodySchema.text(1, 5));
    assertThat(OperationDoc.summary("Create").withRequestBody(body).problems())
        .containsExactly(422);
    assertThat(OperationDoc.summary("Create").withProblems(409, 422).withRequestBody(body)
        .problems()).containsExactly(409, 422);
    assertThat(OperationDoc.summary("Raw").withRequestBody(body.toJson()).problems()).isEmpty();
  }
}
