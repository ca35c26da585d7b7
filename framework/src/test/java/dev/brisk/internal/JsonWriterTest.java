package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast writer produces exactly the bytes of {@code json.toBuffer()} (Jackson). */
class JsonWriterTest {

  private static final String PALETTE = "aZ09 \"\\/\b\f\n\r\t\u0000\u0001\u001f\u007féß中€"
      + "\uD83D\uDE00";

  @Test
  void matches_jackson_for_random_trees() {
    SplittableRandom random = new SplittableRandom(20261201L);
    for (int i = 0; i < 2000; i++) {
      JsonObject tree = object(random, 0);
      assertThat(JsonWriter.encode(tree).toString(StandardCharsets.UTF_8))
          .isEqualTo(tree.toBuffer().toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void matches_jackson_for_arrays_and_scalars_at_the_top() {
    JsonArray array = new JsonArray().add(1).add("x").addNull().add(new JsonObject());
    assertThat(JsonWriter.encode(array)).isEqualTo(array.toBuffer());
    assertThat(JsonWriter.encode(new JsonArray())).isEqualTo(new JsonArray().toBuffer());
  }

  static JsonObject object(SplittableRandom r, int depth) {
    JsonObject json = new JsonObject();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      json.put(text(r), value(r, depth));
    }
    return json;
  }

  private static Object value(SplittableRandom r, int depth) {
    return switch (r.nextInt(depth < 3 ? 12 : 10)) {
      case 0 -> null;
      case 1 -> text(r);
      case 2 -> r.nextLong();
      case 3 -> r.nextInt(-20, 20);
      case 4 -> r.nextBoolean();
      case 5 -> r.nextDouble() * Math.pow(10, r.nextInt(-5, 25));
      case 6 -> new BigDecimal(r.nextLong()).movePointLeft(r.nextInt(6));
      case 7 -> Instant.ofEpochSecond(r.nextLong(-30_000_000_000L, 200_000_000_000L),
          r.nextInt(1_000_000_000));
      case 8 -> (short) r.nextInt(Short.MIN_VALUE, Short.MAX_VALUE);
      case 9 -> text(r).getBytes(StandardCharsets.UTF_8);
      case 10 -> object(r, depth + 1);
      default -> array(r, depth + 1);
    };
  }

  private static JsonArray array(SplittableRandom r, int depth) {
    JsonArray array = new JsonArray();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      array.add(value(r, depth));
    }
    return array;
  }

  private static String text(SplittableRandom r) {
    return RandomText.of(r, PALETTE);
  }
}
