package dev.brisk.page;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.brisk.page.CursorException.Reason;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

  private static final byte[] KEY_A = "key-a-0123456789abcdef".getBytes(UTF_8);
  private static final byte[] KEY_B = "key-b-0123456789abcdef".getBytes(UTF_8);
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final CursorCodec codec = new CursorCodec(List.of(KEY_A));

  static Cursor cursor(Object... keys) {
    return new Cursor(Cursor.Direction.NEXT, false, Arrays.asList(keys), 0x1234_5678_9abc_def0L,
        1_700_000_000L);
  }

  @Test
  void round_trips_every_key_type_with_its_java_type() {
    List<Object> values = Arrays.asList(null, 0L, Long.MIN_VALUE, Long.MAX_VALUE, -1, 42,
        Integer.MIN_VALUE, (short) -7, "", "Grüße ✓ \u0001 日本", new BigDecimal("-123.4500"),
        new BigDecimal("1E+30"), new BigDecimal("0"), 3.5d, -0.0d, Double.NaN, 1.25f,
        OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_789, ZoneOffset.ofHoursMinutes(5, 30)),
        Instant.ofEpochSecond(-86_400, 1), LocalDateTime.of(1969, 12, 31, 23, 0, 0, 999),
        LocalDate.of(2000, 1, 1), true, false, new UUID(-1L, 42L),
        Numeric.create(new BigDecimal("12.50")), Numeric.NaN);
    for (Object v : values) {
      Object back = codec.decode(codec.encode(cursor(v))).keys().get(0);
      assertThat(back).as("value %s", v).isEqualTo(v);
      if (v != null) {
        assertThat(back).isExactlyInstanceOf(v.getClass());
      }
    }
  }

  @Test
  void round_trips_header_fields_and_many_keys() {
    Cursor c = new Cursor(Cursor.Direction.PREV, true, Arrays.asList(7, null, "x", 9L), -5L, 99L);
    Cursor back = codec.decode(codec.encode(c));
    assertThat(back).isEqualTo(c);
  }

  @Test
  void tokens_are_url_safe_and_compact() {
    String token = codec.encode(cursor(1999, 123456L));
    assertThat(token).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(56);
  }

  @Test
  void rejects_every_altered_byte() {
    byte[] raw = Base64.getUrlDecoder().decode(codec.encode(cursor("abc", 5L)));
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] copy = raw.clone();
        copy[i] ^= (byte) (1 << bit);
        Reason expected = i == 0 ? Reason.VERSION : Reason.SIGNATURE;
        assertThat(reasonOf(Base64.getUrlEncoder().withoutPadding().encodeToString(copy)))
            .as("byte %d bit %d", i, bit).isEqualTo(expected);
      }
    }
  }

  @Test
  void rejects_every_altered_character() {
    String token = codec.encode(cursor(OffsetDateTime.now(ZoneOffset.UTC), 5L));
    for (int i = 0; i < token.length(); i++) {
      for (char ch : ALPHABET.toCharArray()) {
        if (ch != token.charAt(i)) {
          String altered = token.substring(0, i) + ch + token.substring(i + 1);
          assertThat(reasonOf(altered)).as("char %d -> %s", i, ch).isNotNull();
        }
      }
    }
  }

  @Test
  void rejects_every_truncation_and_extension() {
    String token = codec.encode(cursor("abc", 5L));
    for (int n = 0; n < token.length(); n++) {
      assertThat(reasonOf(token.substring(0, n))).as("prefix %d", n).isNotNull();
    }
    assertThat(reasonOf(token + "A")).isNotNull();
    assertThat(reasonOf(token + "==")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void rejects_a_correctly_signed_foreign_version() {
    byte[] body = Base64.getUrlDecoder().decode(codec.encode(cursor(1L)));
    body = Arrays.copyOf(body, body.length - CursorCodec.MAC_BYTES);
    body[0] = 2;
    assertThat(reasonOf(codec.seal(body))).isEqualTo(Reason.VERSION);
  }

  @Test
  void verifies_with_every_key_but_signs_with_the_first() {
    CursorCodec old = new CursorCodec(List.of(KEY_B));
    CursorCodec rotated = new CursorCodec(List.of(KEY_A, KEY_B));
    String oldToken = old.encode(cursor(3L));
    assertThat(rotated.decode(oldToken).keys()).containsExactly(3L);
    String newToken = rotated.encode(cursor(4L));
    assertThat(codec.decode(newToken).keys()).containsExactly(4L);
    assertThat(catchReason(() -> old.decode(newToken))).isEqualTo(Reason.SIGNATURE);
    assertThat(catchReason(() -> codec.decode(oldToken))).isEqualTo(Reason.SIGNATURE);
  }

  @Test
  void random_tokens_only_ever_fail_as_cursor_rejections() {
    SplittableRandom random = new SplittableRandom(20240611L);
    for (int i = 0; i < 20_000; i++) {
      String token = i % 2 == 0 ? randomBase64(random) : randomText(random);
      Throwable t = catchThrowable(() -> codec.decode(token));
      assertThat(t).as("token %s", token).isInstanceOf(CursorException.class);
    }
  }

  @Test
  void signed_garbage_bodies_decode_or_fail_as_malformed() {
    SplittableRandom random = new SplittableRandom(7L);
    byte[] valid = Base64.getUrlDecoder().decode(codec.encode(cursor("key", 1L, null)));
    valid = Arrays.copyOf(valid, valid.length - CursorCodec.MAC_BYTES);
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] body = i % 2 == 0 ? mutate(valid, random) : randomBytes(random);
      body[0] = CursorCodec.VERSION;
      Throwable t = catchThrowable(() -> codec.decode(codec.seal(body)));
      if (t == null) {
        decoded++;
      } else {
        assertThat(t).isInstanceOf(CursorException.class);
        assertThat(((CursorException) t).reason()).isEqualTo(Reason.MALFORMED);
      }
    }
    assertThat(decoded).as("some mutations still parse").isPositive();
  }

  @Test
  void rejects_signed_string_keys_that_are_not_utf8_or_hold_nul() {
    // PostgreSQL text holds neither, so only a forged cursor carries them; decoded leniently
    // they would reach the database as U+FFFD or fail there as a value it cannot store.
    byte[][] forged = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0,
        (byte) 0x80}, {'a', (byte) 0xE2, (byte) 0x82}, {'a', 0, 'b'}};
    for (byte[] utf8 : forged) {
      Bytes.Writer w = new Bytes.Writer().put(CursorCodec.VERSION).put(0).putLong64(1L)
          .putVarint(1_700_000_000L).putVarint(1).put(4).putVarint(utf8.length).put(utf8);
      assertThat(catchReason(() -> codec.decode(codec.seal(w.toArray()))))
          .as(Arrays.toString(utf8)).isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void refuses_to_encode_an_unsupported_key_type() {
    assertThatThrownBy(() -> codec.encode(cursor(new StringBuilder("x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("StringBuilder");
  }

  private Reason reasonOf(String token) {
    return catchReason(() -> codec.decode(token));
  }

  private static Reason catchReason(Runnable r) {
    Throwable t = catchThrowable(r::run);
    return t instanceof CursorException ce ? ce.reason() : null;
  }

  private static byte[] mutate(byte[] valid, SplittableRandom random) {
    byte[] copy = valid.clone();
    int changes = 1 + random.nextInt(3);
    for (int c = 0; c < changes; c++) {
      copy[1 + random.nextInt(copy.length - 1)] = (byte) random.nextInt(256);
    }
    return random.nextInt(4) == 0 ? Arrays.copyOf(copy, 1 + random.nextInt(copy.length)) : copy;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] b = new byte[1 + random.nextInt(60)];
    random.nextBytes(b);
    return b;
  }

  private static String randomBase64(SplittableRandom random) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(random));
  }

  private static String randomText(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(80);
    for (int i = 0; i < n; i++) {
      sb.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : ALPHABET.charAt(
          random.nextInt(ALPHABET.length()))));
    }
    return sb.toString();
  }
}
