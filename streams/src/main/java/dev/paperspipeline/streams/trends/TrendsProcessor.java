package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.streams.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * <p>Event time is the highest event time of the hits this task has seen (kept in the open-windows
 * store, so it survives restarts). Effective time = event time + (wall-clock now − wall-clock time
 * when event time last advanced), never decreasing. A window closes when effective time reaches
 * windowEnd + grace: so with one digest a day, yesterday's window closes a day (plus grace) later
 * without new input, while a fast replay of old digests advances event time quickly and closes
 * windows by event time only. Records for closed windows are dropped, logged and counted (sensor
 * {@code dropped-late-records}).
 *
 * <p>Writes behind and emits once per commit, like a cached {@code KTable}: changed counts and
 * rankings are held in memory until the task commits ({@link CommitHook}), then written to their
 * stores (and changelogs) and forwarded, inside the commit's transaction: the latest {@link
 * TopicTrend} (key = trend key) of every trend whose count changed, and the latest {@link
 * TrendingTopics} (key = window key) of every window whose ranking changed. A hot topic counted by
 * a thousand papers between two commits costs one store write and one output record, not a
 * thousand. At most {@value #MAX_PENDING} changes wait; more are written at once. With {@code
 * statestore.cache.max.bytes=0} every change is written and emitted at once.
 *
 * <p>Each hit counts one paper in its day and its week. Membership is kept per kind, day and paper
 * (one entry holding the paper's title and the names it was counted under; a week's papers are its
 * seven days'), and the open windows once per window, so a paper costs two membership writes
 * whatever its number of topics and keyphrases.
 */
final class TrendsProcessor implements Processor<String, TrendHit, String, SpecificRecord> {
  private static final Logger log = LoggerFactory.getLogger(TrendsProcessor.class);
  private static final StringSerializer KEYS = new StringSerializer();

  // Counts of open windows are read for almost every hit, and for the growth of the next window.
  private static final int MIRRORED_TRENDS = 50_000;
  static final int MAX_PENDING = 20_000;

  /** A count not yet written nor emitted, with the timestamp its output record gets. */
  private record Pending(TopicTrend value, long timestamp) {}

  /** The top N of a window since the last commit: name and count, ranked when written. */
  private static final class Top {
    final TrendKind kind;
    final TrendWindow window;
    final long start;
    final List<TrendEntry> entries;
    boolean isFinal;
    boolean changed;
    long timestamp;

    Top(TrendKind kind, TrendWindow window, long start, TrendingTopics stored) {
      this.kind = kind;
      this.window = window;
      this.start = start;
      this.entries = stored == null ? new ArrayList<>() : new ArrayList<>(stored.getEntries());
      this.isFinal = stored != null && stored.getFinal$();
    }
  }

  private final TrendsOptions options;
  private ProcessorContext<String, SpecificRecord> context;
  private StoreMirror<TopicTrend> counts;
  private KeyValueStore<String, String> members;
  private KeyValueStore<String, String> open;
  private KeyValueStore<String, TrendingTopics> trending;
  private Sensor droppedLate;
  private final Map<String, Pending> pendingCounts = new LinkedHashMap<>();
  private final Map<String, Top> pendingTops = new LinkedHashMap<>();
  private CommitHook commitHook;

  // Event time is tracked here from the hits (not as Kafka Streams' stream time, which runs on
  // record timestamps: see TrendsTopology): the highest event time seen.
  private long eventTimeHighWater = Long.MIN_VALUE;
  private long persistedHighWater = Long.MIN_VALUE;
  private long lastStreamTime = Long.MIN_VALUE;
  private long wallAtLastAdvance;
  private long effectiveHighWater = Long.MIN_VALUE;

  TrendsProcessor(TrendsOptions options) {
    this.options = options;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.counts =
        new StoreMirror<>(context.getStateStore(StoreNames.TREND_COUNTS), MIRRORED_TRENDS);
    this.trending = context.getStateStore(StoreNames.TRENDING);
    this.members = context.getStateStore(StoreNames.TREND_MEMBERS);
    this.open = context.getStateStore(StoreNames.TREND_OPEN_WINDOWS);
    // init also runs when a task is revived after its state was wiped and restored
    pendingCounts.clear();
    pendingTops.clear();
    this.commitHook = CommitHook.register(context, StoreNames.TRENDS_COMMIT_HOOK, this::flush);
    this.droppedLate =
        context
            .metrics()
            .addRateTotalSensor(
                "trends",
                context.taskId().toString(),
                "dropped-late-records",
                Sensor.RecordingLevel.INFO);
    String stored = open.get(TrendKeys.EVENT_TIME_KEY);
    eventTimeHighWater = stored == null ? Long.MIN_VALUE : Long.parseLong(stored);
    persistedHighWater = eventTimeHighWater;
    lastStreamTime = Long.MIN_VALUE;
    effectiveHighWater = Long.MIN_VALUE;
    this.wallAtLastAdvance = context.currentSystemTimeMs();
    context.schedule(options.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::close);
  }

  /** Effective time now; see the class comment. */
  private long effectiveTime() {
    long streamTime = eventTimeHighWater;
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
    long day = TrendWindow.DAY.start(hit.eventTimeMs());
    String memberKey = TrendKeys.member(hit.kind(), day, hit.paperId());
    String member = members.get(memberKey);
    // names this paper was not yet counted under on this day: replays and duplicates of a paper
    // change no count
    Set<String> counted = member == null ? Set.of() : TrendKeys.memberNames(member);
    List<String> fresh = new ArrayList<>(hit.names().size());
    for (String name : new LinkedHashSet<>(hit.names())) {
      if (!counted.contains(name)) {
        fresh.add(name);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    if (hit.eventTimeMs() > eventTimeHighWater) {
      eventTimeHighWater = hit.eventTimeMs();
      commitHook.arm(); // to persist it
    }
    long effective = effectiveTime();
    boolean countedSomewhere = false;
    for (TrendWindow w : TrendWindow.values()) {
      countedSomewhere |= count(hit, w, fresh, effective, record.timestamp());
    }
    if (countedSomewhere) {
      List<String> all = new ArrayList<>(counted);
      all.addAll(fresh);
      members.put(memberKey, TrendKeys.memberValue(hit.title(), all));
    }
    pendingChanged();
  }

  /** Counts {@code names} of a hit in its window of size {@code w}; false if it was closed. */
  private boolean count(
      TrendHit hit, TrendWindow w, List<String> names, long effective, long timestamp) {
    long start = w.start(hit.eventTimeMs());
    long end = w.end(start);
    if (isClosed(end, effective)) {
      dropLate(hit, w, start, effective);
      return false;
    }
    String windowKey = TrendKeys.window(hit.kind(), w, start);
    Top top = top(windowKey, hit.kind(), w, start);
    List<String> keys = new ArrayList<>(names.size());
    List<TopicTrend> currents = new ArrayList<>(names.size());
    for (String name : names) {
      String trendKey = TrendKeys.trend(hit.kind(), name, w, start);
      TopicTrend current = count(trendKey);
      if (top.isFinal || (current != null && current.getFinal$())) {
        dropLate(hit, w, start, effective); // closed before a restart lost the in-memory clock
        return false;
      }
      keys.add(trendKey);
      currents.add(current);
    }
    if (top.entries.isEmpty() && !top.changed) {
      open.put(TrendKeys.open(hit.kind(), w, start), "");
    }
    Instant startInstant = Instant.ofEpochMilli(start);
    Instant endInstant = Instant.ofEpochMilli(end);
    for (int i = 0; i < names.size(); i++) {
      TopicTrend current = currents.get(i);
      long n = current == null ? 1 : current.getCount() + 1;
      TopicTrend updated =
          new TopicTrend(
              hit.kind().name(), names.get(i), w.name(), startInstant, endInstant, n, false, 0, false);
      pendingCounts.put(keys.get(i), new Pending(updated, timestamp));
      top.changed |= offer(top.entries, names.get(i), n);
    }
    top.timestamp = timestamp;
    return true;
  }

  /** The latest count of a trend: pending or stored. */
  private TopicTrend count(String trendKey) {
    Pending p = pendingCounts.get(trendKey);
    return p != null ? p.value() : counts.get(trendKey);
  }

  /** The top N of a window, pending since the last commit or loaded from the store. */
  private Top top(String windowKey, TrendKind kind, TrendWindow w, long start) {
    Top top = pendingTops.get(windowKey);
    if (top == null) {
      TrendingTopics stored = trending.get(windowKey);
      if (stored == null) {
        open.put(TrendKeys.open(kind, w, start), ""); // a window's first hit
      }
      top = new Top(kind, w, start, stored);
      pendingTops.put(windowKey, top);
    }
    return top;
  }

  private void pendingChanged() {
    if (pendingCounts.size() + pendingTops.size() > MAX_PENDING) {
      flush();
    } else if (!pendingCounts.isEmpty() || !pendingTops.isEmpty()) {
      commitHook.arm();
    }
  }

  /** Writes the pending changes to the stores and forwards them; runs before each commit. */
  private void flush() {
    List<KeyValue<String, TrendingTopics>> rankings = new ArrayList<>(pendingTops.size());
    pendingTops.forEach(
        (key, top) -> {
          if (top.changed) {
            rankings.add(KeyValue.pair(key, ranking(top)));
          }
        });
    pendingCounts.forEach(
        (key, p) -> {
          counts.put(key, p.value());
          context.forward(new Record<>(key, p.value(), p.timestamp()));
        });
    for (KeyValue<String, TrendingTopics> kv : rankings) {
      trending.put(kv.key, kv.value);
      context.forward(new Record<>(kv.key, kv.value, pendingTops.get(kv.key).timestamp));
    }
    pendingCounts.clear();
    pendingTops.clear();
    if (eventTimeHighWater != persistedHighWater) {
      open.put(TrendKeys.EVENT_TIME_KEY, Long.toString(eventTimeHighWater));
      persistedHighWater = eventTimeHighWater;
    }
  }

  private void dropLate(TrendHit hit, TrendWindow w, long start, long effective) {
    droppedLate.record();
    log.warn(
        "dropped late record for closed window {} (paper {}, event time {}, effective time {},"
            + " grace {})",
        TrendKeys.window(hit.kind(), w, start),
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
    if (entries.size() >= n && count < entries.get(entries.size() - 1).getCount()) {
      return false; // below the last of a full list, and it cannot have been in it
    }
    entries.removeIf(e -> e.getName().equals(name));
    TrendEntry entry = new TrendEntry(0, name, count, 0L, null);
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

  /** Ranks a top N and fills in growth against the previous window of the same size. */
  private TrendingTopics ranking(Top top) {
    long previousStart = top.start - top.window.sizeMs();
    List<TrendEntry> ranked = new ArrayList<>(top.entries.size());
    int rank = 1;
    for (TrendEntry e : top.entries) {
      TopicTrend prev = count(TrendKeys.trend(top.kind, e.getName(), top.window, previousStart));
      long previous = prev == null ? 0 : prev.getCount();
      ranked.add(
          new TrendEntry(
              rank++,
              e.getName(),
              e.getCount(),
              previous,
              previous == 0 ? null : (double) (e.getCount() - previous) / previous));
    }
    return new TrendingTopics(
        top.kind.name(),
        top.window.name(),
        Instant.ofEpochMilli(top.start),
        Instant.ofEpochMilli(top.window.end(top.start)),
        ranked,
        top.isFinal,
        0,
        false);
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
        closedWindows.put(
            TrendKeys.window(kind, w, start), new long[] {kind.ordinal(), w.ordinal(), start});
      }
    }
    for (var e : closedWindows.entrySet()) {
      long[] k = e.getValue();
      TrendKind kind = TrendKind.values()[(int) k[0]];
      TrendWindow w = TrendWindow.values()[(int) k[1]];
      long start = k[2];
      for (String name : namesOf(kind, w, start)) {
        String trendKey = TrendKeys.trend(kind, name, w, start);
        TopicTrend current = count(trendKey);
        if (current != null && !current.getFinal$()) {
          TopicTrend done = TopicTrend.newBuilder(current).setFinal$(true).build();
          pendingCounts.put(trendKey, new Pending(done, wallClockMs));
        }
      }
      Top top = pendingTops.get(e.getKey());
      if (top == null) {
        TrendingTopics stored = trending.get(e.getKey());
        if (stored == null) {
          continue;
        }
        top = new Top(kind, w, start, stored);
        pendingTops.put(e.getKey(), top);
      }
      if (!top.isFinal) {
        top.isFinal = true;
        top.changed = true;
        top.timestamp = wallClockMs;
      }
    }
    closedKeys.forEach(open::delete);
    // finals go out with the commit that deletes their open-window entries
    pendingChanged();
    if (!closedWindows.isEmpty()) {
      log.info(
          "closed {} trend windows at effective time {}: {}",
          closedWindows.size(),
          Instant.ofEpochMilli(effective),
          closedWindows.keySet());
    }
  }

  /** Every name counted in a window, in name order, from the membership of its days. */
  private Set<String> namesOf(TrendKind kind, TrendWindow w, long start) {
    Set<String> names = new TreeSet<>();
    for (long day = start; day < w.end(start); day += TrendWindow.DAY.sizeMs()) {
      try (KeyValueIterator<String, String> it =
          members.prefixScan(TrendKeys.memberPrefix(kind, day), KEYS)) {
        while (it.hasNext()) {
          names.addAll(TrendKeys.memberNames(it.next().value));
        }
      }
    }
    return names;
  }
}
