package dev.brisk.load;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the command lines of the benchmark mains. */
public final class CliAssert {

  private CliAssert() {
  }

  /** {@code call} refuses its command line with a message that starts with {@code message}. */
  public static void assertUsage(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(Cli.UsageException.class)
        .hasMessageStartingWith(message);
  }
}
