package dev.brisk.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanCacheModeTest {

  @Test
  void parses_short_and_postgres_names() {
    assertThat(PlanCacheMode.parse("generic")).isEqualTo(PlanCacheMode.GENERIC);
    assertThat(PlanCacheMode.parse(" AUTO ")).isEqualTo(PlanCacheMode.AUTO);
    assertThat(PlanCacheMode.parse("force_custom_plan")).isEqualTo(PlanCacheMode.CUSTOM);
    assertThat(PlanCacheMode.GENERIC.setting()).isEqualTo("force_generic_plan");
  }

  @Test
  void rejects_anything_else_naming_the_value() {
    for (String bad : new String[] {"", "generics", "force", "custom_plan", "1"}) {
      assertThatThrownBy(() -> PlanCacheMode.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
