package dev.paperspipeline.streams.dedupe;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Tracks the sightings of each paper within the dedupe horizon: forwards, at a first sighting, the
 * whole paper as a {@link UniquePaper}, and at every sighting its updated {@link PaperSighting}
 * summary. A sighting dated before every earlier one of the paper (an older digest read late)
 * forwards a revised {@link UniquePaper} with that earlier first digest date ({@link
 * Sightings#revised}), so that a paper is dated by its earliest digest whatever the order digests
 * arrive in; a later-dated sighting changes the summary only. State lives in a window store of
 * PaperSighting (the summary: no abstract, which travels once, to papers-unique) whose retention is
 * the horizon, as in Confluent's EventDeduplication example: the entry's window start is the first
 * sighting's timestamp, so a paper seen again more than a horizon after its first sighting starts
 * afresh.
 */
public final class DedupeProcessor
    implements Processor<String, PaperEvent, String, SpecificRecord> {
  private final String storeName;
  private final long horizonMs;
  private ProcessorContext<String, SpecificRecord> context;
  private WindowStore<String, PaperSighting> store;
  private Sensor duplicates;

  DedupeProcessor(String storeName, Duration horizon) {
    this.storeName = storeName;
    this.horizonMs = horizon.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    // Exported with the app's metrics (papers streams --metrics-port) as
    // papers_dedupe_duplicates_dropped_total (KafkaMetricsCollector).
    this.duplicates =
        context
            .metrics()
            .addRateTotalSensor(
                "dedupe",
                context.taskId().toString(),
                "duplicates-dropped",
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, PaperEvent> record) {
    PaperEvent event = record.value();
    if (event == null) {
      return; // tombstones carry no sighting
    }
    // papers-raw is keyed by paperId; trust the value when a producer forgot the key
    String paperId = record.key() != null ? record.key() : event.getPaperId();
    long ts = record.timestamp();

    PaperSighting previous = null;
    long firstTs = ts;
    // The long overloads: the Instant ones format an error message prefix (Instant.toString,
    // String.format) on every call, which cost more than the RocksDB lookup itself. The
    // single-key fetch yields window starts, not Windowed keys to deserialize.
    try (WindowStoreIterator<PaperSighting> it =
        store.backwardFetch(
            paperId, Math.max(0, ts - horizonMs + 1), saturatedAdd(ts, horizonMs))) {
      while (it.hasNext()) {
        KeyValue<Long, PaperSighting> kv = it.next();
        // only entries whose horizon (first sighting + horizon) still covers this sighting
        if (kv.key + horizonMs > ts) {
          previous = kv.value;
          firstTs = kv.key;
          break;
        }
      }
    }
    PaperSighting updated;
    if (previous == null) {
      updated = Sightings.firstSighting(event);
    } else {
      updated = Sightings.next(previous, event);
      duplicates.record();
    }
    store.put(paperId, updated, firstTs);
    if (previous == null) {
      context.forward(record.withKey(paperId).withValue(Sightings.first(event)));
    } else if (Sightings.movesEarlier(previous, event)) {
      // an earlier digest read late: the paper is dated by its earliest digest, so papers-unique
      // gets a revision and everything downstream moves the paper to that date
      context.forward(record.withKey(paperId).withValue(Sightings.revised(updated, event)));
    }
    context.forward(record.withKey(paperId).withValue(updated));
  }

  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
