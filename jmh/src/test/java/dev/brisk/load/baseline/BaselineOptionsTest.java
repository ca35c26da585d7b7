package dev.brisk.load.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.db.DbOptions;
import org.junit.jupiter.api.Test;

/**
 * The baseline imports no Brisk, so it repeats Brisk's database defaults as literals; this keeps
 * them equal, or the comparison would measure a configuration difference.
 */
class BaselineOptionsTest {

  @Test
  void the_baseline_uses_brisks_pool_size_and_pipelining_limit() {
    BaselineOptions baseline = BaselineOptions.defaults("postgresql://u@h:1/d");
    DbOptions brisk = DbOptions.fromUrl("postgresql://u@h:1/d");
    assertThat(baseline.poolSize()).isEqualTo(brisk.poolSize());
    assertThat(baseline.pipeliningLimit()).isEqualTo(brisk.pipeliningLimit());
  }
}
