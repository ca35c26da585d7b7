package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.internal.Sha256;
import dev.brisk.problem.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchParserTest {

  private static List<SubRequest> parse(JsonObject... entries) {
    return BatchParser.parse(new JsonObject().put("requests", new JsonArray(List.of(
        (Object[]) entries))), MultiMap.caseInsensitiveMultiMap(), 50);
  }

  private static JsonObject get(String id, String path) {
    return new JsonObject().put("id", id).put("method", "GET").put("path", path);
  }

  @Test
  void a_batch_member_other_than_requests_fails_the_batch_naming_it() {
    JsonObject body = new JsonObject().put("requests", new JsonArray())
        .put("timeout", 5).put("a/b", true);
    assertThatThrownBy(() -> BatchParser.parse(body, MultiMap.caseInsensitiveMultiMap(), 50))
        .isInstanceOfSatisfying(Problem.class, p -> {
          assertThat(p.status()).isEqualTo(422);
          assertThat(p.errors()).extracting(Problem.FieldError::pointer)
              .containsExactly("/a~1b", "/timeout");
          assertThat(p.errors().get(1).detail()).contains("unknown member 'timeout'");
        });
  }

  @Test
  void an_entry_depending_on_itself_is_refused_in_place_and_a_longer_cycle_fails_the_batch() {
    List<SubRequest> parsed = parse(get("a", "/x").put("depends_on", new JsonArray().add("a")),
        get("b", "/y"));
    assertThat(parsed.get(0).invalid().status()).isEqualTo(400);
    assertThat(parsed.get(0).invalid().detail()).isEqualTo("Sub-request 'a' depends on itself");
    assertThat(parsed.get(1).invalid()).isNull();

    assertThatThrownBy(() -> parse(get("a", "/x").put("depends_on", new JsonArray().add("b")),
        get("b", "/y").put("depends_on", new JsonArray().add("a"))))
        .isInstanceOfSatisfying(Problem.class, p -> {
          assertThat(p.status()).isEqualTo(422);
          assertThat(p.errors().get(0).detail()).startsWith("depends_on forms a cycle");
        });
  }

  @Test
  void an_entrys_refusal_echoes_a_bounded_part_of_what_was_sent() {
    JsonObject many = get("m", "/api/products/1");
    for (int i = 0; i < 1000; i++) {
      many.put("junk" + "x".repeat(1000) + i, i);
    }
    JsonObject dependent = get("d", "/api/products/1").put("depends_on",
        new JsonArray().add("y".repeat(100_000)));

    List<SubRequest> parsed = parse(many, dependent);

    // Each was echoed whole: a 1 MB body made a refusal of about as much.
    String members = parsed.get(0).invalid().detail();
    assertThat(members).contains("unknown member 'junkxxx").hasSizeLessThan(2_000);
    String dependency = parsed.get(1).invalid().detail();
    assertThat(dependency).contains("unknown id 'yyy").hasSizeLessThan(200);
  }

  @Test
  void an_over_long_path_is_refused_in_place_saying_so() {
    List<SubRequest> parsed = parse(get("long", "/api/products?q=" + "a".repeat(100_000)),
        get("ok", "/api/products/1"));
    assertThat(parsed.get(0).isValid()).isFalse();
    assertThat(parsed.get(0).invalid().detail()).contains("at most 8192 characters")
        .doesNotContain("absolute");
    assertThat(parsed.get(1).isValid()).isTrue();
    assertThat(parse(get("relative", "api/products/1")).get(0).invalid().detail())
        .contains("absolute path");
  }

  @Test
  void long_ids_and_invalid_header_names_are_refused_in_place() {
    assertThat(parse(get("x".repeat(257), "/api/products/1")).get(0).invalid().detail())
        .contains("id must be at most 256 characters");
    assertThat(parse(get("x".repeat(256), "/api/products/1")).get(0).isValid()).isTrue();
    for (String name : new String[] {"X A", "", "X:A", "X\u00e9"}) {
      JsonObject entry = get("h", "/api/products/1").put("headers", new JsonObject()
          .put(name, "v"));
      assertThat(parse(entry).get(0).invalid().detail()).as(name)
          .contains("is not a valid HTTP field name");
    }
  }

  @Test
  void writes_of_a_batch_sent_with_an_idempotency_key_get_keys_of_their_own() {
    MultiMap outer = MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "K1");
    JsonObject post = new JsonObject().put("id", "o1").put("method", "POST")
        .put("path", "/api/orders").put("body", new JsonObject());
    JsonObject own = post.copy().put("id", "o2").put("headers", new JsonObject()
        .put("Idempotency-Key", "mine"));
    JsonObject odd = post.copy().put("id", "\u00e9t\u00e9 1");
    JsonObject longId = post.copy().put("id", "y".repeat(256));
    List<SubRequest> parsed = BatchParser.parse(new JsonObject().put("requests",
        new JsonArray().add(post).add(own).add(odd).add(get("g", "/api/products/1"))
            .add(longId)), outer, 50);

    assertThat(parsed.get(0).headers().get("Idempotency-Key")).isEqualTo("K1/o1");
    assertThat(parsed.get(1).headers().get("Idempotency-Key")).isEqualTo("mine");
    assertThat(parsed.get(2).headers().get("Idempotency-Key")).matches("K1/#[0-9a-f]{16}");
    assertThat(parsed.get(3).headers().get("Idempotency-Key")).as("a read").isNull();
    assertThat(parsed.get(4).headers().get("Idempotency-Key")).matches("K1/#[0-9a-f]{16}");
    // The same batch again derives the same keys: a retry replays instead of running twice.
    assertThat(BatchParser.parse(new JsonObject().put("requests", new JsonArray().add(post)),
        outer, 50).get(0).headers().get("Idempotency-Key")).isEqualTo("K1/o1");
  }

  @Test
  void distinct_batch_keys_and_ids_never_derive_the_same_key() {
    String digestOfId = "#" + HexFormat.of().formatHex(
        Sha256.of("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8)), 0, 8);
    List<List<String>> pairs = new ArrayList<>(List.of(
        List.of("k", "a/b"), List.of("k/a", "b"),
        List.of("k", "\u00e9t\u00e9"), List.of("k", digestOfId),
        List.of("k", "a%2Fb"), List.of("k/", "a"), List.of("k", "/a")));
    // Short keys and ids of the characters that could be mistaken for the separators, and keys
    // too long to take the id as it is.
    Random random = new Random(7);
    String keyChars = "a/#%2F";
    String idChars = keyChars + "\u00e9";
    for (int i = 0; i < 3000; i++) {
      pairs.add(List.of(text(random, keyChars, 1 + random.nextInt(4)),
          text(random, idChars, 1 + random.nextInt(4))));
      pairs.add(List.of("k".repeat(234 + random.nextInt(20)) + text(random, keyChars, 2),
          text(random, idChars, 1 + random.nextInt(20))));
    }
    Map<String, List<String>> derived = new HashMap<>();
    for (List<String> pair : pairs) {
      String key = BatchParser.idempotencyKey(pair.get(0), pair.get(1));
      assertThat(key).as(pair.toString()).matches("[!-~]{1,255}");
      List<String> other = derived.putIfAbsent(key, pair);
      assertThat(other == null || other.equals(pair))
          .as(pair + " and " + other + " both derive " + key).isTrue();
    }
  }

  private static String text(Random random, String chars, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(chars.charAt(random.nextInt(chars.length())));
    }
    return sb.toString();
  }
}
