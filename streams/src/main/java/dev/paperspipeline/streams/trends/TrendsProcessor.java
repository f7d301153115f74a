package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.streams.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts unique papers per topic (or keyphrase) per window, keeps the top N of each window, and
 * closes windows by a wall-clock punctuation so that final results come out without new input.
 *
 * <p>Effective time = stream time + (wall-clock now − wall-clock time when stream time last
 * advanced), never decreasing. A window closes when effective time reaches windowEnd + grace: so
 * with one digest a day, yesterday's window closes a day (plus grace) later without new input,
 * while a fast replay of old digests advances stream time quickly and closes windows by stream time
 * only. Records for closed windows are dropped, logged and counted (sensor {@code
 * dropped-late-records}).
 *
 * <p>Forwards {@link TopicTrend} (key = trend key) and {@link TrendingTopics} (key = window key).
 */
final class TrendsProcessor implements Processor<String, TrendHit, String, SpecificRecord> {
  private static final Logger log = LoggerFactory.getLogger(TrendsProcessor.class);

  private final TrendsOptions options;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, TopicTrend> counts;
  private KeyValueStore<String, String> members;
  private KeyValueStore<String, String> open;
  private KeyValueStore<String, TrendingTopics> trending;
  private Sensor droppedLate;

  private long lastStreamTime = Long.MIN_VALUE;
  private long wallAtLastAdvance;
  private long effectiveHighWater = Long.MIN_VALUE;

  TrendsProcessor(TrendsOptions options) {
    this.options = options;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.counts = context.getStateStore(StoreNames.TREND_COUNTS);
    this.members = context.getStateStore(StoreNames.TREND_MEMBERS);
    this.open = context.getStateStore(StoreNames.TREND_OPEN_WINDOWS);
    this.trending = context.getStateStore(StoreNames.TRENDING);
    this.droppedLate =
        context
            .metrics()
            .addRateTotalSensor(
                "trends",
                context.taskId().toString(),
                "dropped-late-records",
                Sensor.RecordingLevel.INFO);
    this.wallAtLastAdvance = context.currentSystemTimeMs();
    context.schedule(options.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::close);
  }

  /** Effective time now; see the class comment. */
  private long effectiveTime() {
    long streamTime = context.currentStreamTimeMs();
    long wall = context.currentSystemTimeMs();
    if (streamTime > lastStreamTime) {
      lastStreamTime = streamTime;
      wallAtLastAdvance = wall;
    }
    if (lastStreamTime == Long.MIN_VALUE || lastStreamTime < 0) {
      return effectiveHighWater; // no record yet: nothing can close
    }
    effectiveHighWater =
        Math.max(effectiveHighWater, lastStreamTime + Math.max(0, wall - wallAtLastAdvance));
    return effectiveHighWater;
  }

  private boolean isClosed(long windowEnd, long effective) {
    return effective != Long.MIN_VALUE && windowEnd + options.grace().toMillis() <= effective;
  }

  @Override
  public void process(Record<String, TrendHit> record) {
    TrendHit hit = record.value();
    if (hit == null || hit.names().isEmpty()) {
      return;
    }
    TrendWindow w = hit.window();
    long start = w.start(hit.eventTimeMs());
    long end = w.end(start);
    long effective = effectiveTime();
    if (isClosed(end, effective)) {
      dropLate(hit, start, effective);
      return;
    }
    String windowKey = TrendKeys.window(hit.kind(), w, start);
    TrendingTopics top = trending.get(windowKey);
    List<TrendEntry> entries = top == null ? new ArrayList<>() : new ArrayList<>(top.getEntries());
    boolean topChanged = false;
    for (String name : new LinkedHashSet<>(hit.names())) {
      String trendKey = TrendKeys.trend(hit.kind(), name, w, start);
      String memberKey = TrendKeys.member(trendKey, hit.paperId());
      if (members.get(memberKey) != null) {
        continue; // already counted: replays and duplicates change no count
      }
      TopicTrend current = counts.get(trendKey);
      if (current != null && current.getFinal$()) {
        dropLate(hit, start, effective); // closed before a restart lost the in-memory clock
        return;
      }
      members.put(memberKey, hit.title());
      long count = current == null ? 1 : current.getCount() + 1;
      TopicTrend updated =
          TopicTrend.newBuilder()
              .setKind(hit.kind().name())
              .setName(name)
              .setWindow(w.name())
              .setWindowStart(Instant.ofEpochMilli(start))
              .setWindowEnd(Instant.ofEpochMilli(end))
              .setCount(count)
              .setFinal$(false)
              .build();
      counts.put(trendKey, updated);
      if (current == null) {
        open.put(TrendKeys.open(hit.kind(), w, start, name), "");
      }
      context.forward(new Record<>(trendKey, updated, record.timestamp()));
      topChanged |= offer(entries, name, count);
    }
    if (topChanged) {
      TrendingTopics ranking = ranking(hit.kind(), w, start, entries, false);
      trending.put(windowKey, ranking);
      context.forward(new Record<>(windowKey, ranking, record.timestamp()));
    }
  }

  private void dropLate(TrendHit hit, long start, long effective) {
    droppedLate.record();
    log.warn(
        "dropped late record for closed window {} (paper {}, event time {}, effective time {},"
            + " grace {})",
        TrendKeys.window(hit.kind(), hit.window(), start),
        hit.paperId(),
        Instant.ofEpochMilli(hit.eventTimeMs()),
        Instant.ofEpochMilli(effective),
        options.grace());
  }

  /**
   * Updates the top-N list with a name whose count went up to {@code count}. Counts only grow
   * within a window, so the top N stays exact by letting the grown name in (or move up).
   */
  private boolean offer(List<TrendEntry> entries, String name, long count) {
    int n = options.topN();
    entries.removeIf(e -> e.getName().equals(name));
    TrendEntry entry = TrendEntry.newBuilder().setRank(0).setName(name).setCount(count).build();
    entries.add(entry);
    entries.sort(RANKING);
    if (entries.size() > n) {
      TrendEntry dropped = entries.remove(n);
      return dropped != entry;
    }
    return true;
  }

  private static final Comparator<TrendEntry> RANKING =
      Comparator.comparingLong(TrendEntry::getCount).reversed().thenComparing(TrendEntry::getName);

  /** Ranks entries and fills in growth against the previous window of the same size. */
  private TrendingTopics ranking(
      TrendKind kind, TrendWindow w, long start, List<TrendEntry> entries, boolean isFinal) {
    long previousStart = start - w.sizeMs();
    List<TrendEntry> ranked = new ArrayList<>(entries.size());
    int rank = 1;
    for (TrendEntry e : entries) {
      TopicTrend prev = counts.get(TrendKeys.trend(kind, e.getName(), w, previousStart));
      long previous = prev == null ? 0 : prev.getCount();
      ranked.add(
          TrendEntry.newBuilder()
              .setRank(rank++)
              .setName(e.getName())
              .setCount(e.getCount())
              .setPreviousCount(previous)
              .setGrowth(previous == 0 ? null : (double) (e.getCount() - previous) / previous)
              .build());
    }
    return TrendingTopics.newBuilder()
        .setKind(kind.name())
        .setWindow(w.name())
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(w.end(start)))
        .setEntries(ranked)
        .setFinal$(isFinal)
        .build();
  }

  /** Wall-clock punctuation: emits final results of every window past windowEnd + grace. */
  private void close(long wallClockMs) {
    long effective = effectiveTime();
    if (effective == Long.MIN_VALUE) {
      return;
    }
    long lastClosableEnd = effective - options.grace().toMillis();
    List<String> closedKeys = new ArrayList<>();
    Map<String, long[]> closedWindows = new TreeMap<>();
    try (KeyValueIterator<String, String> it =
        open.range("", TrendKeys.openUpTo(lastClosableEnd))) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        closedKeys.add(kv.key);
        String[] parts = kv.key.split("\\|", 5);
        TrendKind kind = TrendKind.valueOf(parts[1]);
        TrendWindow w = TrendWindow.valueOf(parts[2]);
        long start = Long.parseLong(parts[3]);
        String trendKey = TrendKeys.trend(kind, parts[4], w, start);
        TopicTrend current = counts.get(trendKey);
        if (current != null && !current.getFinal$()) {
          TopicTrend done = TopicTrend.newBuilder(current).setFinal$(true).build();
          counts.put(trendKey, done);
          context.forward(new Record<>(trendKey, done, start));
        }
        closedWindows.put(
            TrendKeys.window(kind, w, start), new long[] {kind.ordinal(), w.ordinal(), start});
      }
    }
    closedKeys.forEach(open::delete);
    for (var e : closedWindows.entrySet()) {
      TrendingTopics top = trending.get(e.getKey());
      if (top == null || top.getFinal$()) {
        continue;
      }
      long[] k = e.getValue();
      TrendingTopics done =
          ranking(
              TrendKind.values()[(int) k[0]],
              TrendWindow.values()[(int) k[1]],
              k[2],
              new ArrayList<>(top.getEntries()),
              true);
      trending.put(e.getKey(), done);
      context.forward(new Record<>(e.getKey(), done, k[2]));
    }
    if (!closedWindows.isEmpty()) {
      log.info(
          "closed {} trend windows at effective time {}: {}",
          closedWindows.size(),
          Instant.ofEpochMilli(effective),
          closedWindows.keySet());
    }
  }
}
