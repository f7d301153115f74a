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
 * <p>Effective time = stream time + (wall-clock now − wall-clock time when stream time last
 * advanced), never decreasing. A window closes when effective time reaches windowEnd + grace: so
 * with one digest a day, yesterday's window closes a day (plus grace) later without new input,
 * while a fast replay of old digests advances stream time quickly and closes windows by stream time
 * only. Records for closed windows are dropped, logged and counted (sensor {@code
 * dropped-late-records}).
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
 * <p>Membership is kept per window and paper (one entry per paper, kind and window size, holding
 * the paper's title and the names it was counted under), and the open windows once per window, so a
 * paper costs four membership writes whatever its number of topics and keyphrases.
 */
final class TrendsProcessor implements Processor<String, TrendHit, String, SpecificRecord> {
  private static final Logger log = LoggerFactory.getLogger(TrendsProcessor.class);
  private static final StringSerializer KEYS = new StringSerializer();

  // Trends and rankings of open windows are read and rewritten for almost every hit.
  private static final int MIRRORED_TRENDS = 50_000;
  private static final int MIRRORED_RANKINGS = 1_000;
  static final int MAX_PENDING = 20_000;

  /** A change not yet written nor emitted, with the timestamp its output record gets. */
  private record Pending<V>(V value, long timestamp) {}

  private final TrendsOptions options;
  private ProcessorContext<String, SpecificRecord> context;
  private StoreMirror<TopicTrend> counts;
  private KeyValueStore<String, String> members;
  private KeyValueStore<String, String> open;
  private StoreMirror<TrendingTopics> trending;
  private Sensor droppedLate;
  private final Map<String, Pending<TopicTrend>> pendingCounts = new LinkedHashMap<>();
  private final Map<String, Pending<TrendingTopics>> pendingRankings = new LinkedHashMap<>();
  private CommitHook commitHook;

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
    this.trending =
        new StoreMirror<>(context.getStateStore(StoreNames.TRENDING), MIRRORED_RANKINGS);
    // init also runs when a task is revived after its state was wiped and restored
    pendingCounts.clear();
    pendingRankings.clear();
    this.commitHook = CommitHook.register(context, StoreNames.TRENDS_COMMIT_HOOK, this::flush);
    this.members = context.getStateStore(StoreNames.TREND_MEMBERS);
    this.open = context.getStateStore(StoreNames.TREND_OPEN_WINDOWS);
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
    String memberKey = TrendKeys.member(windowKey, hit.paperId());
    String member = members.get(memberKey);
    // names this paper was not yet counted under in this window: replays and duplicates of a
    // paper change no count
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
    TrendingTopics top = ranking(windowKey);
    List<TopicTrend> updates = new ArrayList<>(fresh.size());
    for (String name : fresh) {
      String trendKey = TrendKeys.trend(hit.kind(), name, w, start);
      TopicTrend current = count(trendKey);
      if (current != null && current.getFinal$()) {
        dropLate(hit, start, effective); // closed before a restart lost the in-memory clock
        return;
      }
      updates.add(
          TopicTrend.newBuilder()
              .setKind(hit.kind().name())
              .setName(name)
              .setWindow(w.name())
              .setWindowStart(Instant.ofEpochMilli(start))
              .setWindowEnd(Instant.ofEpochMilli(end))
              .setCount(current == null ? 1 : current.getCount() + 1)
              .setFinal$(false)
              .build());
    }
    if (top == null) {
      open.put(TrendKeys.open(hit.kind(), w, start), "");
    }
    List<String> allNames = new ArrayList<>(counted);
    allNames.addAll(fresh);
    members.put(memberKey, TrendKeys.memberValue(hit.title(), allNames));
    List<TrendEntry> entries = top == null ? new ArrayList<>() : new ArrayList<>(top.getEntries());
    boolean topChanged = false;
    for (TopicTrend updated : updates) {
      String trendKey = TrendKeys.trend(hit.kind(), updated.getName(), w, start);
      pendingCounts.put(trendKey, new Pending<>(updated, record.timestamp()));
      topChanged |= offer(entries, updated.getName(), updated.getCount());
    }
    if (topChanged) {
      pendingRankings.put(
          windowKey,
          new Pending<>(ranking(hit.kind(), w, start, entries, false), record.timestamp()));
    }
    pendingChanged();
  }

  /** The latest count of a trend: pending or stored. */
  private TopicTrend count(String trendKey) {
    Pending<TopicTrend> p = pendingCounts.get(trendKey);
    return p != null ? p.value() : counts.get(trendKey);
  }

  /** The latest ranking of a window: pending or stored. */
  private TrendingTopics ranking(String windowKey) {
    Pending<TrendingTopics> p = pendingRankings.get(windowKey);
    return p != null ? p.value() : trending.get(windowKey);
  }

  private void pendingChanged() {
    if (pendingCounts.size() + pendingRankings.size() > MAX_PENDING) {
      flush();
    } else if (!pendingCounts.isEmpty() || !pendingRankings.isEmpty()) {
      commitHook.arm();
    }
  }

  /** Writes the pending changes to the stores and forwards them; runs before each commit. */
  private void flush() {
    pendingCounts.forEach(
        (key, p) -> {
          counts.put(key, p.value());
          context.forward(new Record<>(key, p.value(), p.timestamp()));
        });
    pendingCounts.clear();
    pendingRankings.forEach(
        (key, p) -> {
          trending.put(key, p.value());
          context.forward(new Record<>(key, p.value(), p.timestamp()));
        });
    pendingRankings.clear();
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
      TopicTrend prev = count(TrendKeys.trend(kind, e.getName(), w, previousStart));
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
        closedWindows.put(
            TrendKeys.window(kind, w, start), new long[] {kind.ordinal(), w.ordinal(), start});
      }
    }
    for (var e : closedWindows.entrySet()) {
      long[] k = e.getValue();
      TrendKind kind = TrendKind.values()[(int) k[0]];
      TrendWindow w = TrendWindow.values()[(int) k[1]];
      long start = k[2];
      for (String name : namesOf(e.getKey())) {
        String trendKey = TrendKeys.trend(kind, name, w, start);
        TopicTrend current = count(trendKey);
        if (current != null && !current.getFinal$()) {
          TopicTrend done = TopicTrend.newBuilder(current).setFinal$(true).build();
          pendingCounts.put(trendKey, new Pending<>(done, start));
        }
      }
      TrendingTopics top = ranking(e.getKey());
      if (top == null || top.getFinal$()) {
        continue;
      }
      TrendingTopics done = ranking(kind, w, start, new ArrayList<>(top.getEntries()), true);
      pendingRankings.put(e.getKey(), new Pending<>(done, start));
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

  /** Every name counted in a window, in name order, from the window's membership entries. */
  private Set<String> namesOf(String windowKey) {
    Set<String> names = new TreeSet<>();
    try (KeyValueIterator<String, String> it =
        members.prefixScan(TrendKeys.memberPrefix(windowKey), KEYS)) {
      while (it.hasNext()) {
        names.addAll(TrendKeys.memberNames(it.next().value));
      }
    }
    return names;
  }
}
