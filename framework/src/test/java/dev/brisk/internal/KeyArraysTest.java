package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyArraysTest {

  @Test
  void converts_keys_to_the_column_type() {
    UUID id = UUID.randomUUID();
    assertThat(KeyArrays.of(Long.class, List.of(1, 2L))).isEqualTo(new Long[] {1L, 2L});
    assertThat(KeyArrays.of(Integer.class, List.of(3L, 4))).isEqualTo(new Integer[] {3, 4});
    assertThat(KeyArrays.of(UUID.class, List.of(id.toString(), id)))
        .isEqualTo(new UUID[] {id, id});
    assertThat(KeyArrays.of(String.class, List.of("a", 5L))).isEqualTo(new String[] {"a", "5"});
  }

  @Test
  void keeps_keys_of_other_types_as_they_are() {
    Object[] array = KeyArrays.of(Boolean.class, List.of(true, false));
    assertThat(array).isInstanceOf(Boolean[].class).containsExactly(true, false);
  }

  @Test
  void rejects_keys_it_cannot_convert() {
    assertThatThrownBy(() -> KeyArrays.of(Long.class, List.of(1L, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot use a java.lang.String key in a java.lang.Long array");
    assertThatThrownBy(() -> KeyArrays.of(Integer.class, List.of(1L << 40)))
        .isInstanceOf(ArithmeticException.class);
  }
}
