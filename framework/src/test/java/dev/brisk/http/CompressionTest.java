package dev.brisk.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Accept-Encoding negotiation by q-value. */
class CompressionTest {

  @Test
  void brotli_and_zstd_load_here() {
    assertThat(Compression.codings()).containsExactly("br", "zstd", "gzip", "deflate");
  }

  @Test
  void q_zero_excludes_and_the_highest_q_wins() {
    assertThat(Compression.negotiate("gzip;q=0, br")).isEqualTo("br");
    assertThat(Compression.negotiate("br;q=0, gzip")).isEqualTo("gzip");
    assertThat(Compression.negotiate("gzip;q=0")).isNull();
    assertThat(Compression.negotiate("gzip;q=1, br;q=0.5")).isEqualTo("gzip");
    assertThat(Compression.negotiate("deflate, zstd;q=0.9")).isEqualTo("deflate");
    assertThat(Compression.negotiate("identity")).isNull();
    assertThat(Compression.negotiate(null)).isNull();
  }

  @Test
  void star_covers_unlisted_codings_and_ties_prefer_the_better_ratio() {
    assertThat(Compression.negotiate("*")).isEqualTo("br");
    assertThat(Compression.negotiate("br;q=0, *;q=0.5")).isEqualTo("zstd");
    assertThat(Compression.negotiate("gzip, deflate, br, zstd")).isEqualTo("br");
    assertThat(Compression.negotiate("gzip, deflate")).isEqualTo("gzip");
    assertThat(Compression.negotiate("*;q=0, gzip;q=0.1")).isEqualTo("gzip");
  }

  @Test
  void identity_preferred_over_every_coding_goes_uncoded() {
    assertThat(Compression.negotiate("identity, gzip;q=0.5")).isNull();
    assertThat(Compression.negotiate("gzip;q=0.5, identity;q=0.6")).isNull();
    assertThat(Compression.negotiate("br;q=0.1, zstd;q=0.1, gzip;q=0.1, deflate;q=0.1, *"))
        .isNull();
    // A tie goes to the smaller body.
    assertThat(Compression.negotiate("identity;q=0.5, gzip;q=0.5")).isEqualTo("gzip");
    assertThat(Compression.negotiate("identity;q=0, gzip;q=0.1")).isEqualTo("gzip");
  }

  @Test
  void nothing_acceptable_goes_uncoded_rather_than_failing() {
    // identity;q=0 refuses the body as it is, but no coding is acceptable either (none is
    // listed, no *): RFC 9110 section 12.5.3 lets the server send it uncoded, as most do.
    assertThat(Compression.negotiate("identity;q=0")).isNull();
    assertThat(Compression.negotiate("*;q=0")).isNull();
    assertThat(Compression.negotiate("identity;q=0, *;q=0")).isNull();
    assertThat(Compression.negotiate("identity;q=0, compress")).isNull();
  }

  @Test
  void x_gzip_is_gzip() {
    assertThat(Compression.negotiate("x-gzip")).isEqualTo("gzip");
    assertThat(Compression.negotiate("x-gzip;q=0.5, deflate;q=0.4")).isEqualTo("gzip");
    assertThat(Compression.negotiate("x-gzip;q=0, deflate")).isEqualTo("deflate");
  }

  @Test
  void already_compressed_types_are_left_alone() {
    assertThat(Compression.compressible("application/json")).isTrue();
    assertThat(Compression.compressible("image/svg+xml")).isTrue();
    assertThat(Compression.compressible("image/png")).isFalse();
    assertThat(Compression.compressible("application/zip")).isFalse();
    assertThat(Compression.compressible("application/gzip; charset=binary")).isFalse();
  }
}
