package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ETagsTest {

  @Test
  void tag_is_a_quoted_base64url_digest_of_the_bytes() {
    String tag = ETags.of(Buffer.buffer("{\"id\":1}"));
    assertThat(tag).matches("\"[A-Za-z0-9_-]{24}\"");
    assertThat(ETags.of(Buffer.buffer("{\"id\":1}"))).isEqualTo(tag);
    assertThat(ETags.of(Buffer.buffer("{\"id\":2}"))).isNotEqualTo(tag);
    assertThat(ETags.of(Buffer.buffer())).matches("\"[A-Za-z0-9_-]{24}\"");
  }

  @Test
  void a_callers_tag_is_the_tag_of_the_caller_and_the_shared_tag() {
    String shared = ETags.of(Buffer.buffer("{\"id\":1}"));
    // Text beyond the digest's 256-byte scratch buffer and outside ASCII takes the same bytes.
    for (String caller : new String[] {"key:demo-pro", "ip:10.0.0.1", "key:" + "x".repeat(600),
        "key:caf\u00e9-\ud83d\ude00", ""}) {
      assertThat(ETags.forCaller(shared, caller))
          .isEqualTo(ETags.of(Buffer.buffer(caller + "\n" + shared)))
          .isNotEqualTo(shared);
    }
    assertThat(ETags.forCaller(shared, "key:a")).isNotEqualTo(ETags.forCaller(shared, "key:b"));
    assertThat(ETags.forCaller(shared, null)).isEqualTo(shared);
  }

  @Test
  void tag_is_the_first_144_bits_of_the_sha256_in_base64url() throws Exception {
    byte[] bytes = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
    String expected = "\"" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Arrays.copyOf(hash, 18)) + "\"";
    assertThat(ETags.of(bytes)).isEqualTo(expected);
    assertThat(ETags.of(new byte[0])).isNotEqualTo(expected).hasSize(26);
  }

  @Test
  void precondition_matches_listed_weak_or_wildcard_tags() {
    String tag = ETags.of(Buffer.buffer("x"));
    assertThat(ETags.matches(tag, tag)).isTrue();
    assertThat(ETags.matches("W/" + tag, tag)).isTrue();
    assertThat(ETags.matches("\"a\", " + tag + " ,\"b\"", tag)).isTrue();
    assertThat(ETags.matches(" * ", tag)).isTrue();
  }

  @Test
  void if_match_compares_strongly_so_a_weak_tag_never_matches() {
    String tag = ETags.of(Buffer.buffer("x"));
    assertThat(ETags.matchesStrongly(tag, tag)).isTrue();
    assertThat(ETags.matchesStrongly("W/" + tag, tag)).isFalse();
    assertThat(ETags.matchesStrongly("W/" + tag + ", " + tag, tag)).isTrue();
    assertThat(ETags.matchesStrongly("*", tag)).isTrue();
    assertThat(ETags.matchesStrongly(null, tag)).isFalse();
  }

  @Test
  void precondition_does_not_match_other_or_missing_tags() {
    String tag = ETags.of(Buffer.buffer("x"));
    assertThat(ETags.matches(null, tag)).isFalse();
    assertThat(ETags.matches("\"other\"", tag)).isFalse();
    assertThat(ETags.matches(tag.replace("\"", ""), tag)).isFalse();
    assertThat(ETags.matches("", tag)).isFalse();
  }

  @Test
  void a_write_proceeds_while_if_match_names_a_current_tag_and_if_none_match_none() {
    String json = ETags.of(Buffer.buffer("json"));
    String protobuf = ETags.of(Buffer.buffer("protobuf"));
    List<String> current = List.of(json, protobuf);
    assertThat(ETags.checkWrite(null, null, current, "Book 7").succeeded()).isTrue();
    assertThat(ETags.checkWrite(json, null, current, "Book 7").succeeded()).isTrue();
    assertThat(ETags.checkWrite("\"old\", " + protobuf, null, current, "Book 7").succeeded())
        .isTrue();
    assertThat(ETags.checkWrite("*", "\"old\"", current, "Book 7").succeeded()).isTrue();
  }

  @Test
  void a_write_is_412_when_if_match_names_no_current_tag_strongly() {
    String json = ETags.of(Buffer.buffer("json"));
    List<String> current = List.of(json);
    assertThat(refusal(ETags.checkWrite("\"old\"", null, current, "Book 7")))
        .isEqualTo("Book 7 has changed since that ETag was issued; fetch it again");
    assertThat(refusal(ETags.checkWrite("W/" + json, null, current, "Book 7")))
        .isEqualTo("If-Match compares ETags strongly, and Book 7's current ETag is listed as "
            + "weak (W/); send it as the response gave it");
  }

  @Test
  void a_write_is_412_when_if_none_match_names_a_current_tag_weakly_or_is_a_wildcard() {
    String json = ETags.of(Buffer.buffer("json"));
    String protobuf = ETags.of(Buffer.buffer("protobuf"));
    List<String> current = List.of(json, protobuf);
    assertThat(refusal(ETags.checkWrite(null, "W/" + protobuf, current, "Book 7")))
        .isEqualTo("Book 7's current ETag is listed in If-None-Match, so If-None-Match "
            + "forbids the change");
    assertThat(refusal(ETags.checkWrite(json, "*", current, "Book 7")))
        .isEqualTo("Book 7 exists, so If-None-Match forbids the change");
  }

  private static String refusal(Future<Void> check) {
    assertThat(check.failed()).isTrue();
    Problem problem = (Problem) check.cause();
    assertThat(problem.status()).isEqualTo(412);
    assertThat(problem.type()).isEqualTo(Problem.TYPE_BASE + "precondition-failed");
    return problem.detail();
  }
}
