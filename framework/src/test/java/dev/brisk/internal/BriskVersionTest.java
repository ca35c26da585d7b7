package dev.brisk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BriskVersionTest {

  @Test
  void the_build_writes_the_project_version() {
    // Not the unfiltered placeholder: the resource is filtered by the framework's pom.
    assertThat(BriskVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
  }
}
