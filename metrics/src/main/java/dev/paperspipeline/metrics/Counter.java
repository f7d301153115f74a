package dev.paperspipeline.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count. Thread-safe and cheap to increment from hot paths. */
public final class Counter {
  private final LongAdder value = new LongAdder();

  Counter() {}

  /** Adds one. */
  public void inc() {
    value.increment();
  }

  /**
   * Adds {@code n}.
   *
   * @throws IllegalArgumentException when {@code n} is negative (counters never go down)
   */
  public void inc(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("A counter cannot decrease (inc " + n + ")");
    }
    value.add(n);
  }

  /** The current count. */
  public long get() {
    return value.sum();
  }
}
