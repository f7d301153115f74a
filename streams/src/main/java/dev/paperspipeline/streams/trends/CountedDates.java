package dev.paperspipeline.streams.trends;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The event time each paper is counted at, so that a paper counts on its earliest digest date
 * whatever the order its digests arrive in: an earlier date read later moves the paper (its hits
 * are retracted from the day it was counted on, then counted on the earlier one), a later date
 * changes nothing. A window store keyed by paperId, window start = the counted day, retention = the
 * trends retention (papers older than it are not counted anyway), so it is bounded like the windows
 * it guards. Its store must be connected to the processor that owns the instance, which must read
 * papers keyed (and so partitioned) by paperId.
 */
public final class CountedDates {
  /** What a paper's new event time means for its counts. */
  public enum Move {
    /** Never counted: count it. */
    NEW,
    /** Counted on the same day: count it again (the membership makes that idempotent). */
    SAME,
    /** Counted on a later day: retract it from {@link #previous()} and count it here. */
    EARLIER,
    /** Counted on an earlier day already: nothing changes. */
    LATER
  }

  private final WindowStore<String, Long> store;
  private long previous;

  public CountedDates(WindowStore<String, Long> store) {
    this.store = store;
  }

  /** The store, with retention {@code retention}. */
  public static StoreBuilder<WindowStore<String, Long>> storeBuilder(
      String name, Duration retention) {
    return Stores.windowStoreBuilder(
        Stores.persistentWindowStore(name, retention, Duration.ofDays(1), false),
        Serdes.String(),
        Serdes.Long());
  }

  /**
   * Records {@code eventTimeMs} as the paper's counted time when it is new or earlier than the one
   * counted, and says which it was; after {@link Move#EARLIER}, {@link #previous()} is the event
   * time it was counted at.
   */
  public Move observe(String paperId, long eventTimeMs) {
    Long counted = null;
    long countedStart = 0;
    try (WindowStoreIterator<Long> it = store.backwardFetch(paperId, 0L, Long.MAX_VALUE)) {
      if (it.hasNext()) {
        KeyValue<Long, Long> kv = it.next();
        counted = kv.value;
        countedStart = kv.key;
      }
    }
    long day = TrendWindow.DAY.start(eventTimeMs);
    if (counted == null) {
      store.put(paperId, eventTimeMs, day);
      return Move.NEW;
    }
    long countedDay = TrendWindow.DAY.start(counted);
    if (day == countedDay) {
      return Move.SAME;
    }
    if (day > countedDay) {
      return Move.LATER;
    }
    previous = counted;
    store.put(paperId, null, countedStart);
    store.put(paperId, eventTimeMs, day);
    return Move.EARLIER;
  }

  /** The event time the paper was counted at before the last {@link Move#EARLIER}. */
  public long previous() {
    return previous;
  }
}
