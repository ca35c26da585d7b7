package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.problem.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile values through the request parsers: JSON depth and non-finite numbers, C0 controls,
 * percent-encoding. Each is a 400 or 422 problem with a plain message, never another exception.
 */
class HostileInputTest {

  /** Values an attacker or a broken client sends, spliced into otherwise valid input. */
  static final String[] HOSTILE_JSON = {"NaN", "-Infinity", "Infinity", "1e400", "-1e400",
      "\"a\\u0000b\"", "\"\\u001b[31m\"", "9223372036854775808", "-9223372036854775809",
      "1.5", "\"\"", "null", "[]", "{}", "true", "\"" + "x".repeat(5000) + "\"",
      "[".repeat(70) + "]".repeat(70), "{\"a\":".repeat(70) + "1" + "}".repeat(70)};

  private static Problem problem(Runnable r) {
    Throwable t = catchThrowable(r::run);
    assertThat(t).isInstanceOf(Problem.class);
    return (Problem) t;
  }

  private static void assertPlain(Problem p) {
    assertThat(p.detail()).doesNotContain("com.fasterxml").doesNotContain("Jackson")
        .doesNotContain("`").doesNotContain("Exception").doesNotContain("[Source")
        .doesNotContain("StreamReadConstraints").doesNotContain("JsonReadFeature")
        .doesNotContain("Feature").doesNotContain("was expecting (")
        .doesNotContain("JSON String, Number").doesNotContain("VALUE_");
  }

  @Test
  void nesting_up_to_64_parses_and_deeper_is_a_plain_400() {
    assertThat(Requests.json(Buffer.buffer("[".repeat(64) + "]".repeat(64))))
        .isInstanceOf(JsonArray.class);
    Problem p = problem(() -> Requests.json(Buffer.buffer("[".repeat(65) + "]".repeat(65))));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).isEqualTo("JSON is nested deeper than 64 levels");
    Problem huge = problem(() -> Requests.json(Buffer.buffer("{\"a\":".repeat(100_000))));
    assertThat(huge.detail()).isEqualTo("JSON is nested deeper than 64 levels");
  }

  @Test
  void a_number_of_over_1000_digits_is_a_400_that_says_so() {
    Problem p = problem(() -> Requests.json(Buffer.buffer("{\"quantity\": 1" + "0".repeat(1000)
        + "}")));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).isEqualTo("A JSON number has more than 1000 digits");
    assertPlain(p);
  }

  @Test
  void a_fraction_a_double_rounds_to_a_whole_number_stays_a_fraction() {
    JsonObject body = (JsonObject) Requests.json(Buffer.buffer("{\"lost\": 1.0000000000000000000001,"
        + " \"tiny\": 1.5e-999999999, \"whole\": 4.000, \"exponent\": 1e3, \"half\": 1.5}"));
    assertThat(body.getValue("lost")).isEqualTo(new BigDecimal("1.0000000000000000000001"));
    assertThat(body.getValue("tiny")).isEqualTo(new BigDecimal("1.5e-999999999"));
    assertThat(body.getValue("whole")).isEqualTo(4.0);
    assertThat(body.getValue("exponent")).isEqualTo(1000.0);
    assertThat(body.getValue("half")).isEqualTo(1.5);

    Validation v = new Validation();
    assertThat(v.optionalLong(body, "", "lost", 0, 10)).isNull();
    assertThat(v.optionalLong(body, "", "tiny", 0, 10)).isNull();
    assertThat(v.optionalLong(body, "", "whole", 0, 10)).isEqualTo(4L);
    assertThat(v.optionalLong(body, "", "exponent", 0, 10_000)).isEqualTo(1000L);
    assertThat(catchThrowable(v::throwIfInvalid)).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.errors()).extracting(Problem.FieldError::detail).containsExactly(
            "lost must be an integer, was 1.0000000000000000000001",
            "tiny must be an integer, was 1.5E-999999999"));

    // Up to 1,000 digits parse; the detail echoes 40 of them, like any value it quotes.
    JsonObject longest = (JsonObject) Requests.json(Buffer.buffer("{\"q\": 1." + "0".repeat(900)
        + "1}"));
    Validation cut = new Validation();
    assertThat(cut.optionalLong(longest, "", "q", 0, 10)).isNull();
    assertThat(catchThrowable(cut::throwIfInvalid)).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.errors().get(0).detail()).hasSizeLessThan(100)
            .startsWith("q must be an integer, was 1.000"));
  }

  @Test
  void json_in_utf_16_or_utf_32_is_a_400() {
    // Jackson detects these encodings by itself; a gateway or WAF in front reading UTF-8 (RFC
    // 8259 8.1) would see NUL bytes where Brisk reads {"user_id": 1}.
    String json = "{\"user_id\": 1}";
    for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32BE",
        "UTF-32LE"}) {
      Problem p = problem(() -> Requests.json(Buffer.buffer(json.getBytes(
          Charset.forName(charset)))));
      assertThat(p.status()).as(charset).isEqualTo(400);
      assertThat(p.detail()).as(charset).contains("UTF-8");
    }
    assertThat(Requests.json(Buffer.buffer("\ufeff" + json))).isInstanceOf(JsonObject.class);
    assertThat(Requests.json(Buffer.buffer("1"))).isEqualTo(1);
  }

  @Test
  void bytes_that_are_not_utf_8_are_a_400_even_where_jackson_decodes_them() {
    // Overlong forms ("/" as C0 AF or E0 80 AF), code points past U+10FFFF and encoded
    // surrogates: Jackson reads some as other characters, a gateway in front as none.
    byte[][] sequences = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80,
        (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}};
    for (byte[] bad : sequences) {
      Buffer body = Buffer.buffer("{\"name\": \"x").appendBytes(bad).appendString("y\"}");
      Problem p = problem(() -> Requests.json(body));
      assertThat(p.status()).as(Arrays.toString(bad)).isEqualTo(400);
      assertThat(p.detail()).as(Arrays.toString(bad)).contains("UTF-8").contains("byte 11");
    }
    assertThat(((JsonObject) Requests.json(Buffer.buffer("{\"name\": \"\u00e9\u20ac\ud83d\ude00"
        + "\uffff\"}"))).getString("name")).isEqualTo("\u00e9\u20ac\ud83d\ude00\uffff");
  }

  @Test
  void the_utf_8_check_agrees_with_the_jdk_decoder_on_random_bytes() {
    SplittableRandom random = new SplittableRandom(3629);
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int k = 0; k < bytes.length; k++) {
        // Mostly lead and continuation bytes, where the rules are.
        bytes[k] = (byte) (random.nextInt(8) == 0 ? random.nextInt(0x80)
            : 0x80 + random.nextInt(0x80));
      }
      boolean jdk = catchThrowable(() -> StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(bytes))) == null;
      assertThat(JsonText.firstInvalidUtf8(bytes) < 0).as(Arrays.toString(bytes)).isEqualTo(jdk);
    }
  }

  @Test
  void a_member_given_twice_is_a_400_naming_it() {
    // Another parser in front (a gateway, a WAF) may keep the first value where Brisk kept the
    // last: {"user_id": 3, "user_id": 1} must mean one thing or nothing.
    for (String text : new String[] {"{\"user_id\": 3, \"user_id\": 1}",
        "{\"items\": [{\"quantity\": 1, \"quantity\": 2}]}"}) {
      Problem p = problem(() -> Requests.json(Buffer.buffer(text)));
      assertThat(p.status()).as(text).isEqualTo(400);
      assertThat(p.detail()).as(text).startsWith("Duplicate field '").contains("line 1");
      assertPlain(p);
    }
    assertThat(Requests.json(Buffer.buffer("[{\"a\": 1}, {\"a\": 2}]")))
        .isInstanceOf(JsonArray.class);
  }

  @Test
  void malformed_json_is_a_plain_400_with_line_and_column() {
    for (String text : new String[] {"{\"a\": 1", "{\"a\": 1} x", "{'a': 1}", "{\"a\": tru}",
        "[1,]", "{\"a\" 1}", "\u0000", "{\"a\": \"\u0001\"}", "{\"a\": 1 /* c */}", "{\"a\": xx}",
        "{\"a\": 01}", "{a: 1}", "{\"a\":'x'}", "{\"user_id\":.5}", "# c", "\"str",
        "{\"a\":\"\u0001\"}"}) {
      Problem p = problem(() -> Requests.json(Buffer.buffer(text)));
      assertThat(p.status()).as(text).isEqualTo(400);
      assertPlain(p);
    }
    assertThat(problem(() -> Requests.json(Buffer.buffer("{\"a\": tru}"))).detail())
        .contains("line 1, column");
  }

  @Test
  void non_finite_numbers_parse_and_validation_answers_422_with_the_pointer() {
    for (String number : new String[] {"NaN", "Infinity", "-Infinity", "1e400", "-1e400"}) {
      JsonObject body = (JsonObject) Requests.json(Buffer.buffer("{\"n\": " + number + "}"));
      Validation v = new Validation();
      assertThat(v.optionalLong(body, "", "n", 0, 10)).isNull();
      Problem p = problem(v::throwIfInvalid);
      assertThat(p.status()).isEqualTo(422);
      assertThat(p.errors().get(0).pointer()).isEqualTo("/n");
      assertThat(p.errors().get(0).detail()).contains("non-finite");
    }
  }

  @Test
  void control_characters_in_text_are_422_naming_the_character() {
    for (char c = 0; c < 0x20; c++) {
      JsonObject body = new JsonObject().put("name", "ab" + c + "c");
      Validation v = new Validation();
      assertThat(v.optionalString(body, "", "name", 1, 10)).isNull();
      Problem p = problem(v::throwIfInvalid);
      assertThat(p.status()).isEqualTo(422);
      assertThat(p.errors().get(0).detail()).contains(Validation.codePoint(c), "index 2");
    }
    Validation v = new Validation();
    assertThat(v.optionalString(new JsonObject().put("name", "caf\u00e9 \u2603"), "", "name", 1,
        10)).isEqualTo("caf\u00e9 \u2603");
    assertThat(v.isValid()).isTrue();
  }

  @Test
  void percent_encoding_must_be_well_formed_utf8_without_controls() {
    for (String ok : new String[] {"/api/products", "/a%20b", "q=caf%C3%A9&x=%2F", "a=%e2%98%83",
        "", "plain=1"}) {
      assertThat(UriCheck.check(ok)).as(ok).isNull();
    }
    for (String bad : new String[] {"/a%zz", "/a%", "/a%4", "q=%G1", "q=a%0", "q=%C3%28",
        "q=%FF", "q=%ED%A0%80", "q=a%00b", "q=%1B", "q=%7f%0A"}) {
      assertThat(UriCheck.check(bad)).as(bad).isNotNull();
    }
    assertThat(UriCheck.check("q=a%00b")).contains("U+0000");
    assertThat(UriCheck.check("/x%2")).contains("index 2");
  }

  @Test
  void characters_a_uri_only_holds_encoded_are_refused_raw() {
    for (String ok : new String[] {"/api/products/1", "fields=id,category(name)",
        "/a/./b/../c", "q=a~b!$&'()*+,=:@/?[]{}|^`\\", "/%3E%22%3C"}) {
      assertThat(UriCheck.check(ok)).as(ok).isNull();
    }
    // Raw, these reach Link headers (which repeat the path) and log lines as they are.
    for (String bad : new String[] {"/api/x\u001b[31m/../categories", "/a\u0001b", "/a\u007fb",
        "/api/>;rel=\"next\",<//evil.example/a/../../../categories", "/a<b", "/a\"b",
        "/caf\u00c3\u00a9", "q=a b", "q=a\tb", "q=\u2603"}) {
      assertThat(UriCheck.check(bad)).as(bad).isNotNull();
    }
    assertThat(UriCheck.check("/a>b")).contains("U+003E").contains("index 2");
  }

  @Test
  void random_hostile_bodies_give_a_value_or_a_4xx_problem() {
    SplittableRandom random = new SplittableRandom(11);
    String valid = "{\"user_id\": 4, \"name\": \"n\", \"items\": [{\"product_id\": 150, "
        + "\"quantity\": 1}]}";
    for (int i = 0; i < 5_000; i++) {
      check(mutated(random, valid));
    }
  }

  /** {@code valid} with 1 to 3 hostile values inserted or characters replaced at random. */
  static String mutated(SplittableRandom random, String valid) {
    StringBuilder s = new StringBuilder(valid);
    for (int e = 0; e < 1 + random.nextInt(3); e++) {
      int at = random.nextInt(s.length());
      if (random.nextBoolean()) {
        s.insert(at, HOSTILE_JSON[random.nextInt(HOSTILE_JSON.length)]);
      } else {
        s.setCharAt(at, (char) random.nextInt(0x80));
      }
    }
    return s.toString();
  }

  /** Parses and validates like an endpoint: only a result or a 400/422 problem may come out. */
  private static void check(String text) {
    try {
      Object value = Requests.json(Buffer.buffer(text));
      if (value instanceof JsonObject body) {
        Validation v = new Validation();
        v.onlyKnown(body, "", Set.of("user_id", "name", "items"));
        v.requiredLong(body, "", "user_id", 1, Long.MAX_VALUE);
        v.optionalString(body, "", "name", 1, 100);
        v.requiredArray(body, "", "items", 10);
        v.throwIfInvalid();
      }
    } catch (Problem p) {
      assertThat(p.status()).as(text).isIn(400, 422);
      if (p.status() == 400) {
        // 422 details may quote the client's own field names; parser errors must stay plain.
        assertPlain(p);
      }
    }
  }
}
