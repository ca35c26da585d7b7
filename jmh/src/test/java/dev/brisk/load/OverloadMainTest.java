package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OverloadMainTest {

  @Test
  void parts_are_all_or_known_ones_and_a_misspelt_part_is_refused_before_anything_runs() {
    assertThat(OverloadMain.parts("all")).containsExactlyInAnyOrder("overload", "tiers", "cost");
    assertThat(OverloadMain.parts("cost,tiers")).containsExactlyInAnyOrder("cost", "tiers");
    assertThatThrownBy(() -> OverloadMain.parts("costs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got costs");
    assertThatThrownBy(() -> OverloadMain.parts(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limiters_are_on_off_or_both() {
    assertThat(OverloadMain.limiters("on,off")).containsExactly("on", "off");
    assertThat(OverloadMain.limiters("off")).containsExactly("off");
    assertThatThrownBy(() -> OverloadMain.limiters("yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limiters");
  }
}
