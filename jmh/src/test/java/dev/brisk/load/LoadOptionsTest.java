package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  private static final List<String> KNOWN = Scenarios.standard().names();

  @Test
  void a_misspelt_scenario_or_rate_name_is_refused_before_anything_starts() {
    LoadOptions.parse("--scenarios", "get,page").requireKnownScenarios(KNOWN);
    LoadOptions.parse("--scenarios", "none").requireKnownScenarios(KNOWN);
    assertThatThrownBy(() -> LoadOptions.parse("--scenarios", "get,pgae")
        .requireKnownScenarios(KNOWN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got pgae");
    assertThatThrownBy(() -> LoadOptions.parse("--rates", "gett=5").requireKnownScenarios(KNOWN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got gett");
  }

  @Test
  void a_bad_number_or_a_missing_value_names_its_option() {
    assertThatThrownBy(() -> LoadOptions.parse("--rounds", "three"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--rounds must be a whole number, was three");
    assertThatThrownBy(() -> LoadOptions.parse("--rates", "get=lots"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("get=lots");
    assertThatThrownBy(() -> LoadOptions.parse("--duration", "--no-docs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--duration needs a value");
    assertThatThrownBy(() -> LoadOptions.parse("--warmup", "xs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was xs");
  }
}
