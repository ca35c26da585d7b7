package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Text hashed part by part is hashed as the UTF-8 of the whole text. */
class Sha256TextTest {

  @Test
  void parts_hash_as_their_concatenation_in_utf8() throws Exception {
    String[] parts = {"product", "42", "id,name,category(name)", "json", "product:42=7",
        "caf\u00e9 \u20ac\u4e2d", "x".repeat(300), "", "\ud83d\ude00 and ascii after"};
    StringBuilder whole = new StringBuilder();
    Sha256.Text text = Sha256.text();
    for (String part : parts) {
      text.append(part).append('\n');
      whole.append(part).append('\n');
    }
    assertThat(text.digest()).isEqualTo(sha256(whole.toString()));
  }

  @Test
  void each_text_starts_empty_whatever_the_last_one_held() throws Exception {
    // Longer than the buffer the thread keeps: grown for it, then dropped.
    String large = "k".repeat(10_000);
    assertThat(Sha256.text().append(large).digest()).isEqualTo(sha256(large));
    assertThat(Sha256.text().append("short").digest()).isEqualTo(sha256("short"));
    assertThat(Sha256.text().digest()).isEqualTo(sha256(""));
  }

  @Test
  void random_text_hashes_as_its_utf8() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      StringBuilder whole = new StringBuilder();
      Sha256.Text text = Sha256.text();
      for (int p = random.nextInt(6); p >= 0; p--) {
        StringBuilder part = new StringBuilder();
        for (int i = random.nextInt(700); i > 0; i--) {
          // Mostly ASCII, some Latin-1, CJK and (valid) surrogate pairs.
          int kind = random.nextInt(10);
          if (kind < 7) {
            part.append((char) (0x20 + random.nextInt(0x5f)));
          } else if (kind < 8) {
            part.append((char) (0xa0 + random.nextInt(0x60)));
          } else if (kind < 9) {
            part.append((char) (0x4e00 + random.nextInt(0x100)));
          } else {
            part.appendCodePoint(0x1f600 + random.nextInt(0x40));
          }
        }
        text.append(part);
        whole.append(part);
      }
      assertThat(text.digest()).as("round %d", round).isEqualTo(sha256(whole.toString()));
    }
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
