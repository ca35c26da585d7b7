package dev.brisk.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void json_has_type_title_status_and_detail() {
    JsonObject json = Problem.notFound("Product 42 does not exist").toJson();
    assertThat(json).isEqualTo(new JsonObject()
        .put("type", "https://brisk.dev/problems/not-found")
        .put("title", "Not Found")
        .put("status", 404)
        .put("detail", "Product 42 does not exist"));
  }

  @Test
  void c0_control_characters_in_echoed_text_become_replacement_characters() {
    JsonObject json = Problem.validation(List.of(Problem.FieldError.of("/user_id\u0000",
            "unknown member 'user_id\u0000'"))).withExtension("hint", "tab\there")
        .withExtension("count", 2).toJson();
    assertThat(json.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/user_id\uFFFD");
    assertThat(json.getString("detail")).doesNotContain("\u0000").contains("\uFFFD");
    assertThat(json.getString("hint")).isEqualTo("tab\uFFFDhere");
    assertThat(json.getInteger("count")).isEqualTo(2);
    assertThat(Problem.printable("plain text, unchanged")).isEqualTo("plain text, unchanged");
  }

  @Test
  void status_must_be_an_error() {
    assertThatThrownBy(() -> Problem.of(302, "found", "Found", "moved"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("302");
    assertThat(Problem.of(599, "x", "X", "d").status()).isEqualTo(599);
  }

  @Test
  void every_body_has_a_detail_the_title_when_none_was_given() {
    Problem missing = Problem.badRequest(null);
    assertThat(missing.detail()).isEqualTo(missing.title());
    assertThat(missing.toJson().getString("detail")).isEqualTo(missing.title());
  }

  @Test
  void validation_lists_each_pointer_and_summarises_the_detail() {
    Problem one = Problem.validation(List.of(Problem.FieldError.of("/qty", "must be >= 1")));
    assertThat(one.status()).isEqualTo(422);
    assertThat(one.detail()).isEqualTo("/qty: must be >= 1");
    Problem two = Problem.validation(List.of(Problem.FieldError.of("/a", "bad"),
        Problem.FieldError.of("/b", "worse")));
    assertThat(two.detail()).isEqualTo("2 fields are invalid");
    assertThat(two.toJson().getJsonArray("errors")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("pointer", "/a").put("detail", "bad"))
        .add(new JsonObject().put("pointer", "/b").put("detail", "worse")));
    // One rule across members puts the same detail at each: the summary says it once.
    Problem rule = Problem.validation(List.of(
        Problem.FieldError.of("/lent_on", "due_on must be after lent_on"),
        Problem.FieldError.of("/due_on", "due_on must be after lent_on")));
    assertThat(rule.detail()).isEqualTo("/lent_on, /due_on: due_on must be after lent_on");
  }

  @Test
  void a_whole_body_error_is_its_detail_without_an_empty_pointer_prefix() {
    Problem body = Problem.validation(List.of(Problem.FieldError.of("",
        "The request body must be a JSON object")));
    assertThat(body.detail()).isEqualTo("The request body must be a JSON object");
    assertThat(body.toJson().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEmpty();
  }

  @Test
  void retry_after_rounds_up_to_whole_seconds_in_header_and_body() {
    Problem p = Problem.tooManyRequests("slow down").withRetryAfter(Duration.ofMillis(1500));
    assertThat(p.headers()).containsEntry("Retry-After", "2");
    assertThat(p.toJson().getLong("retry_after_seconds")).isEqualTo(2L);
    assertThat(Problem.unavailable("busy").withRetryAfter(Duration.ZERO).headers())
        .containsEntry("Retry-After", "1");
  }

  @Test
  void with_methods_return_copies() {
    Problem base = Problem.conflict("taken");
    Problem withHeader = base.withHeader("X-A", "1");
    assertThat(base.headers()).isEmpty();
    assertThat(withHeader.headers()).containsEntry("X-A", "1");
    assertThat(base.withExtension("id", 7).toJson().getInteger("id")).isEqualTo(7);
    assertThat(base.toJson().containsKey("id")).isFalse();
  }

  @Test
  void method_not_allowed_names_allowed_methods_in_allow() {
    Problem p = Problem.methodNotAllowed("PUT", List.of("GET", "HEAD"));
    assertThat(p.status()).isEqualTo(405);
    assertThat(p.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(p.detail()).contains("PUT");
  }

  @Test
  void internal_quotes_the_request_id_only() {
    Problem p = Problem.internal("req-9");
    assertThat(p.status()).isEqualTo(500);
    assertThat(p.type()).isEqualTo(Problem.TYPE_BASE + "internal");
    assertThat(p.detail()).contains("req-9");
  }

  @Test
  void captures_no_stack_trace() {
    assertThat(Problem.badRequest("x").getStackTrace()).isEmpty();
  }
}
