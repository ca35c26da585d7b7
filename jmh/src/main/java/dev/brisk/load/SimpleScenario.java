package dev.brisk.load;

import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

/** {@link Scenario} backed by a request supplier and a set of OK statuses. */
final class SimpleScenario implements Scenario {

  private final String name;
  private final String description;
  private final long defaultRate;
  private final double capacityFactor;
  private final Set<Integer> okStatuses;
  private final LongFunction<RequestSpec> requests;

  SimpleScenario(String name, String description, long defaultRate, double capacityFactor,
      Set<Integer> okStatuses, LongFunction<RequestSpec> requests) {
    if (defaultRate < 1) {
      throw new IllegalArgumentException("defaultRate must be >= 1, was " + defaultRate);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.defaultRate = defaultRate;
    this.capacityFactor = capacityFactor;
    this.okStatuses = okStatuses;
    this.requests = Objects.requireNonNull(requests, "requests");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public long defaultRate() {
    return defaultRate;
  }

  @Override
  public double capacityFactor() {
    return capacityFactor;
  }

  @Override
  public RequestSpec request(long seq) {
    return requests.apply(seq);
  }

  @Override
  public Outcome classify(int status) {
    if (okStatuses.contains(status)) {
      return Outcome.OK;
    }
    return status == 429 || status == 503 ? Outcome.SHED : Outcome.ERROR;
  }
}
