package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.problem.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValidationTest {

  private static Problem problem(Validation v) {
    try {
      v.throwIfInvalid();
    } catch (Problem p) {
      return p;
    }
    throw new AssertionError("expected a problem");
  }

  @Test
  void valid_input_records_nothing_and_returns_values() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().put("qty", 3).put("name", "ab")
        .put("items", new JsonArray().add(1));
    v.onlyKnown(body, "", Set.of("qty", "name", "items"));
    assertThat(v.requiredLong(body, "", "qty", 1, 10)).isEqualTo(3L);
    assertThat(v.optionalString(body, "", "name", 1, 5)).isEqualTo("ab");
    assertThat(v.requiredArray(body, "", "items", 2)).hasSize(1);
    assertThat(v.optionalLong(body, "", "absent", 1, 2)).isNull();
    assertThat(v.isValid()).isTrue();
    v.throwIfInvalid();
  }

  @Test
  void collects_every_error_with_its_pointer_into_one_422() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().put("qty", 11).put("name", 7).put("extra", true);
    v.onlyKnown(body, "/order", Set.of("qty", "name", "items"));
    v.requiredLong(body, "/order", "qty", 1, 10);
    v.optionalString(body, "/order", "name", 1, 5);
    v.requiredArray(body, "/order", "items", 5);

    Problem p = problem(v);
    assertThat(p.status()).isEqualTo(422);
    assertThat(p.errors()).extracting(Problem.FieldError::pointer)
        .containsExactly("/order/extra", "/order/qty", "/order/name", "/order/items");
    assertThat(p.errors()).extracting(Problem.FieldError::detail).containsExactly(
        "unknown field 'extra'; allowed: items, name, qty",
        "qty must be between 1 and 10, was 11",
        "name must be a string, was 7",
        "items is required");
  }

  @Test
  void member_names_are_escaped_in_pointers_and_clipped_in_details() {
    Validation v = new Validation();
    String longName = "a/b~c" + "x".repeat(10_000);
    JsonObject body = new JsonObject().put(longName, 1).put("we/ird", "");
    v.onlyKnown(body, "/order", Set.of("qty"));
    v.requiredString(body, "", "we/ird", 1, 5);

    Problem p = problem(v);
    // RFC 6901: "/" and "~" in a member name are ~1 and ~0; unescaped, "/a/b" names member b of a.
    assertThat(p.errors()).extracting(Problem.FieldError::pointer)
        .containsExactly("/order/a~1b~0c" + "x".repeat(10_000), "/order/we~1ird", "/we~1ird");
    assertThat(p.errors().get(0).detail()).startsWith("unknown field 'a/b~cxxx")
        .hasSizeLessThan(100);
    assertThat(Validation.pointer("", "~1")).isEqualTo("/~01");
  }

  @Test
  void a_validation_problem_lists_at_most_100_errors_and_counts_them_all() {
    Validation v = new Validation();
    JsonObject body = new JsonObject();
    for (int i = 0; i < 20_000; i++) {
      body.put("k" + i, i);
    }
    v.onlyKnown(body, "", Set.of("qty"));

    Problem p = problem(v);
    assertThat(p.errors()).hasSize(Problem.MAX_LISTED_ERRORS);
    assertThat(p.errors().get(0).pointer()).isEqualTo("/k0");
    assertThat(p.detail()).isEqualTo("20000 fields are invalid; the first 100 are listed");
    assertThat(p.toJson().encode()).hasSizeLessThan(20_000);

    // Pointers name members in full: long names list fewer errors, not a larger problem.
    Validation longNames = new Validation();
    JsonObject named = new JsonObject();
    for (int i = 0; i < 100; i++) {
      named.put(i + "x".repeat(9_000), i);
    }
    longNames.onlyKnown(named, "", Set.of("qty"));
    Problem bounded = problem(longNames);
    assertThat(bounded.errors()).hasSize(1);
    assertThat(bounded.detail()).isEqualTo("100 fields are invalid; the first is listed");
    assertThat(bounded.toJson().encode()).hasSizeLessThan(Problem.MAX_LISTED_CHARS + 1_000);
  }

  @Test
  void integers_accept_whole_doubles_and_refuse_fractions_strings_and_overflow() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().put("whole", 4.0).put("fraction", 1.5)
        .put("text", "3").put("huge", new BigInteger("99999999999999999999"));
    assertThat(v.optionalLong(body, "", "whole", 0, 10)).isEqualTo(4L);
    assertThat(v.optionalLong(body, "", "fraction", 0, 10)).isNull();
    assertThat(v.optionalLong(body, "", "text", 0, 10)).isNull();
    assertThat(v.optionalLong(body, "", "huge", 0, Long.MAX_VALUE)).isNull();
    assertThat(problem(v).errors()).extracting(Problem.FieldError::detail).containsExactly(
        "fraction must be an integer, was 1.5",
        "text must be an integer, was a string",
        "huge must be between 0 and 9223372036854775807, was 99999999999999999999");
  }

  @Test
  void a_number_with_a_fraction_or_exponent_beyond_2_pow_53_is_refused_not_rounded() {
    // What the JSON decoder gives for 9007199254740993.0 and 1e17: doubles, the first rounded
    // to ...992, an id other than the one the client sent.
    JsonObject body = new JsonObject(
        "{\"id\": 9007199254740993.0, \"big\": 1e17, \"exact\": 9007199254740991.0}");
    Validation v = new Validation();
    assertThat(v.optionalLong(body, "", "id", 1, Long.MAX_VALUE)).isNull();
    assertThat(v.optionalLong(body, "", "big", 1, Long.MAX_VALUE)).isNull();
    assertThat(v.optionalLong(body, "", "exact", 1, Long.MAX_VALUE))
        .isEqualTo(9007199254740991L);
    assertThat(problem(v).errors()).extracting(Problem.FieldError::detail).allSatisfy(detail ->
        assertThat(detail).contains("write it without a fraction or exponent"));
  }

  @Test
  void required_null_string_length_and_array_size_are_errors() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().putNull("qty").put("name", "")
        .put("items", new JsonArray()).put("tags", new JsonObject());
    v.requiredLong(body, "", "qty", 1, 2);
    v.optionalString(body, "", "name", 1, 5);
    v.requiredArray(body, "", "items", 3);
    v.requiredArray(body, "", "tags", 3);
    assertThat(problem(v).errors()).extracting(Problem.FieldError::detail).containsExactly(
        "qty is required", "name must have 1 to 5 characters, had 0",
        "items must have 1 to 3 entries, had 0", "tags must be an array, was an object");
  }

  @Test
  void strings_count_code_points_required_ones_must_be_present_and_only_text_spans_lines() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().put("emoji", "\uD83D\uDE00\uD83D\uDE00")
        .put("note", "line one\r\n\tline two").put("title", "a\nb").put("bell", "a\u0007")
        .putNull("gone");
    assertThat(v.requiredString(body, "", "emoji", 1, 2)).hasSize(4);
    assertThat(v.requiredText(body, "", "note", 1, 100)).startsWith("line one");
    assertThat(v.optionalText(body, "", "absent", 1, 5)).isNull();
    assertThat(v.isValid()).isTrue();

    assertThat(v.requiredString(body, "", "gone", 1, 5)).isNull();
    assertThat(v.requiredText(body, "", "absent", 1, 5)).isNull();
    assertThat(v.optionalString(body, "", "title", 1, 5)).isNull();
    assertThat(v.optionalText(body, "", "bell", 1, 5)).isNull();
    assertThat(v.requiredString(body, "", "emoji", 1, 1)).isNull();
    assertThat(problem(v).errors()).extracting(Problem.FieldError::detail).containsExactly(
        "gone is required", "absent is required",
        "title must not contain control characters, found U+000A at index 1",
        "bell must not contain control characters other than line breaks and tabs, found "
            + "U+0007 at index 1",
        "emoji must have 1 to 1 characters, had 2");
  }

  @Test
  void unpaired_surrogates_are_errors_and_pairs_are_one_character() {
    Validation v = new Validation();
    // Decoded from JSON escapes: half a pair cannot be written as UTF-8 (it would be stored '?').
    JsonObject body = new JsonObject().put("high", "a\uD800b").put("low", "\uDE00")
        .put("reversed", "\uDE00\uD83D").put("pair", "x\uD83D\uDE00");
    assertThat(v.requiredString(body, "", "pair", 1, 2)).isEqualTo("x\uD83D\uDE00");
    assertThat(v.isValid()).isTrue();

    assertThat(v.requiredString(body, "", "high", 1, 10)).isNull();
    assertThat(v.optionalString(body, "", "low", 0, 10)).isNull();
    assertThat(v.optionalText(body, "", "reversed", 0, 10)).isNull();
    assertThat(problem(v).errors()).extracting(Problem.FieldError::detail).containsExactly(
        "high must be valid Unicode text, found the unpaired surrogate U+D800 at index 1",
        "low must be valid Unicode text, found the unpaired surrogate U+DE00 at index 0",
        "reversed must be valid Unicode text, found the unpaired surrogate U+DE00 at index 0");
    assertThat(Validation.unpairedSurrogateAt("ok \uD83D\uDE00")).isEqualTo(-1);
    assertThat(Validation.unpairedSurrogateAt("end \uD83D")).isEqualTo(4);
  }

  @Test
  void one_of_and_dates_read_strings_and_name_what_they_accept() {
    Validation v = new Validation();
    JsonObject body = new JsonObject().put("genre", "scifi").put("on", "2024-02-29");
    List<String> genres = List.of("fantasy", "scifi");
    assertThat(v.requiredOneOf(body, "", "genre", genres)).isEqualTo("scifi");
    assertThat(v.optionalOneOf(body, "", "absent", genres)).isNull();
    assertThat(v.requiredDate(body, "", "on")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(v.optionalDate(body, "", "absent")).isNull();
    assertThat(v.isValid()).isTrue();

    JsonObject bad = new JsonObject().put("genre", "horror" + "x".repeat(60))
        .put("kind", 3).put("on", "2024-02-30").put("at", "+12024-01-01")
        .put("day", "2024-1-1");
    v.requiredOneOf(bad, "/book", "genre", genres);
    v.optionalOneOf(bad, "/book", "kind", genres);
    v.requiredOneOf(bad, "/book", "missing", genres);
    v.requiredDate(bad, "/book", "on");
    v.optionalDate(bad, "/book", "at");
    v.optionalDate(bad, "/book", "day");
    v.requiredDate(bad, "/book", "absent");
    Problem p = problem(v);
    assertThat(p.errors()).extracting(Problem.FieldError::pointer).containsExactly(
        "/book/genre", "/book/kind", "/book/missing", "/book/on", "/book/at", "/book/day",
        "/book/absent");
    assertThat(p.errors()).extracting(Problem.FieldError::detail).containsExactly(
        "genre must be one of fantasy, scifi, was 'horror" + "x".repeat(34) + "...'",
        "kind must be a string, was 3",
        "missing is required",
        "on must be a date such as 2024-01-31, was '2024-02-30'",
        "at must be a date such as 2024-01-31, was '+12024-01-01'",
        "day must be a date such as 2024-01-31, was '2024-1-1'",
        "absent is required");
  }

  @Test
  void echoed_values_never_hold_half_a_character() {
    // 39 letters and an emoji: a cut at 40 characters kept its high surrogate alone, and a
    // JSON escape of one half was echoed as it was; strict JSON readers refuse either.
    String split = "x".repeat(39) + "\uD83D\uDE00tail";
    Validation v = new Validation();
    JsonObject bad = new JsonObject().put("genre", split).put("on", "2024-01-0\uD800");
    v.requiredOneOf(bad, "", "genre", List.of("fantasy"));
    v.requiredDate(bad, "", "on");
    Problem p = problem(v);
    assertThat(p.errors()).extracting(Problem.FieldError::detail).containsExactly(
        "genre must be one of fantasy, was '" + "x".repeat(39) + "...'",
        "on must be a date such as 2024-01-31, was '2024-01-0\uFFFD'");
    assertThat(Requests.clip("ab\uD83D\uDE00", 3)).isEqualTo("ab...");
    assertThat(Requests.clip("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
    assertThat(Requests.clip("\uDE00a", 5)).isEqualTo("\uFFFDa");
  }

  @Test
  void manual_error_is_kept() {
    Validation v = new Validation();
    v.error("/x", "bad");
    assertThat(v.isValid()).isFalse();
    assertThatThrownBy(v::throwIfInvalid).isInstanceOf(Problem.class).hasMessage("/x: bad");
  }

  /** The pattern a schema states refuses exactly what the checks refuse, for every BMP char. */
  @Test
  void text_patterns_agree_with_the_checks_on_every_character() {
    Pattern any = Pattern.compile(Validation.textPattern(Validation.C0_CONTROLS, false));
    Pattern nonBlank = Pattern.compile(Validation.textPattern(Validation.C0_CONTROLS, true));
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      String alone = String.valueOf((char) c);
      String one = "a" + alone;
      boolean control = Validation.controlAt(one) >= 0;
      assertThat(any.matcher(one).matches()).as("U+%04X", c).isEqualTo(!control);
      assertThat(nonBlank.matcher(alone).matches()).as("U+%04X alone", c)
          .isEqualTo(!control && !alone.isBlank());
      assertThat(nonBlank.matcher(" " + alone + " ").matches()).as("U+%04X", c)
          .isEqualTo(!control && !alone.isBlank());
    }
    assertThat(nonBlank.matcher("").matches()).isFalse();
    assertThat(any.matcher("").matches()).isTrue();
  }
}
