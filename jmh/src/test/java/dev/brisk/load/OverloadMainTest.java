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
  void passes_on_the_load_options_it_uses_and_refuses_those_no_part_applies() {
    java.util.Map<String, String> own = new java.util.HashMap<>(java.util.Map.of("factor", "4"));
    assertThat(OverloadMain.loadArgs(new String[] {"--factor", "2", "--duration", "5s"}, own))
        .containsExactly("--duration", "5s");
    assertThat(own).containsEntry("factor", "2");
    assertThatThrownBy(() -> OverloadMain.loadArgs(
        new String[] {"--url", "http://127.0.0.1:8080"}, own))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --url");
    assertThatThrownBy(() -> OverloadMain.loadArgs(new String[] {"--compare", "brisk"}, own))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--compare");
    assertThatThrownBy(() -> OverloadMain.loadArgs(new String[] {"--factor"}, own))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--factor needs a value");
  }

  @Test
  void limiters_are_on_off_or_both() {
    assertThat(OverloadMain.limiters("on,off")).containsExactly("on", "off");
    assertThat(OverloadMain.limiters("off")).containsExactly("off");
    assertThatThrownBy(() -> OverloadMain.limiters("yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limiters");
  }

  @Test
  void answers_neither_served_nor_shed_are_listed_by_status() {
    Scenario nested = Scenario.of("nested", "/x", 1, java.util.Set.of(200, 304), seq -> null);
    Tally t = new Tally();
    t.response(0, 1, 200, nested.classify(200));
    t.response(0, 1, 304, nested.classify(304));
    t.response(0, 1, 503, nested.classify(503));
    t.response(0, 1, 401, nested.classify(401));
    t.response(0, 1, 401, nested.classify(401));
    t.failure(0, new java.io.IOException("reset"));

    assertThat(OverloadMain.others(t.result("anonymous", "nested", "open", 1, 1, 1_000_000)))
        .isEqualTo("401 x 2, no answer x 1");
    Tally clean = new Tally();
    clean.response(0, 1, 200, nested.classify(200));
    assertThat(OverloadMain.others(clean.result("internal", "nested", "open", 1, 1, 1_000_000)))
        .isEqualTo("-");
  }
}
