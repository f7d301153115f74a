package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.StayingPaper;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.state.DaySightings;
import dev.paperspipeline.avro.state.StayingPaperDays;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.EmitInterval;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.StoreValueSerde;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.TrendsOptions;
import dev.paperspipeline.streams.trends.WindowLifecycle;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Staying power: {@code paper-sightings} → {@code staying-power}.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPER_SIGHTINGS}: only paperId, title, sightings, firstDigestDate and
 *       lastDigestDate are read. Each record is reduced to one line and repartitioned ({@link
 *       StoreNames#STAYING_REPARTITION}, one partition) so that every week and its clock are in one
 *       task.
 *   <li>Each paper-sightings record is one sighting, dated by its {@code sightingDigestDate}, so
 *       the sightings per date are exact whatever the order digests arrive in. Records written
 *       before that field existed are dated by what moved: the last digest date when it moved
 *       later, else the first when it moved earlier, else the last (a sighting backfilled strictly
 *       inside a paper's known span then counts from the paper's last date on). A paper seen again
 *       after the dedupe horizon (its sightings start again at 1) adds its new sightings to the old
 *       ones.
 *   <li>Output {@link Topics#STAYING_POWER}: key {@code WEEK:<start ISO date>}, value {@link
 *       StayingPower}: the papers with a digest date in the week and more than one sighting up to
 *       the end of the week, most sightings first, then longest span (first to last digest date up
 *       to the end of the week), then title; the top {@link TrendsOptions#topN()}. Emitted once per
 *       {@code commit.interval.ms} when changed, final when the week closes (its end plus {@link
 *       TrendsOptions#grace()}), and revised (revision + 1) when a late sighting changes a closed
 *       week's ranking.
 * </ul>
 */
public final class StayingPowerTopology {
  /** The window of the ranking. */
  static final TrendWindow WINDOW_TYPE = TrendWindow.WEEK;

  /** The window name in keys and records. */
  public static final String WINDOW = WINDOW_TYPE.name();

  // the scope of the rankings' windows in their lifecycle
  private static final String SCOPE = "STAYING";

  private StayingPowerTopology() {}

  /** Adds staying power, reading {@code paper-sightings}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      TrendsOptions options,
      Serde<PaperSighting> sightingsSerde,
      Serde<StayingPower> stayingSerde) {
    addTo(
        builder,
        builder.stream(
            Topics.PAPER_SIGHTINGS,
            Consumed.with(Serdes.String(), sightingsSerde)
                .withName(StoreNames.STAYING_PROCESSOR + "-source")),
        options,
        stayingSerde);
  }

  /** Adds the staying power of {@code sightings} (the records of {@code paper-sightings}). */
  public static void addTo(
      StreamsBuilder builder,
      KStream<String, PaperSighting> sightings,
      TrendsOptions options,
      Serde<StayingPower> stayingSerde) {
    SingleTaskStage.<StayingPower>named(
            StoreNames.STAYING_PROCESSOR, StoreNames.STAYING_REPARTITION)
        .store(
            StoreNames.STAYING_PAPERS,
            StoreValueSerde.of(StoreNames.STAYING_PAPERS, StayingPaperDays.class))
        .stringStore(StoreNames.STAYING_WEEK_PAPERS)
        .stringStore(StoreNames.STAYING_WEEKS)
        .store(StoreNames.STAYING_RANKINGS, stayingSerde)
        .stringStore(StoreNames.STAYING_DIRTY)
        .wire(
            builder,
            sightings,
            (k, v) -> KeyValue.pair(WINDOW, Sighting.encode(k, v)),
            Serdes.String(),
            () -> new StayingProcessor(options),
            Topics.STAYING_POWER,
            stayingSerde);
  }

  private static final long NO_DAY = Long.MIN_VALUE;

  /**
   * The fields of a paper-sightings record that staying power reads, as one line: {@code
   * <sightings>\t<first epoch day>\t<last epoch day>\t<paperId>\t<title>} (an unknown day empty).
   */
  record Sighting(
      int sightings, long firstDay, long lastDay, String paperId, String title, long sightingDay) {
    static String encode(String key, PaperSighting p) {
      return (p.getSightingDigestDate() == null
              ? ""
              : DATED + p.getSightingDigestDate().toEpochDay() + "\t")
          + p.getSightings()
          + "\t"
          + day(p.getFirstDigestDate())
          + "\t"
          + day(p.getLastDigestDate())
          + "\t"
          + (key != null ? key : p.getPaperId()).replace('\t', ' ')
          + "\t"
          + p.getTitle();
    }

    private static String day(LocalDate date) {
      return date == null ? "" : Long.toString(date.toEpochDay());
    }

    static Sighting decode(String line) {
      long sightingDay = NO_DAY;
      if (line.startsWith(DATED)) {
        int tab = line.indexOf('\t');
        sightingDay = Long.parseLong(line.substring(DATED.length(), tab));
        line = line.substring(tab + 1);
      }
      String[] f = line.split("\t", 5);
      return new Sighting(
          Integer.parseInt(f[0]),
          f[1].isEmpty() ? NO_DAY : Long.parseLong(f[1]),
          f[2].isEmpty() ? NO_DAY : Long.parseLong(f[2]),
          f[3],
          f[4],
          sightingDay);
    }

    /**
     * Prefix of a line that starts with the sighting's own digest date ({@code
     * sightingDigestDate}); lines written before it was recorded have none.
     */
    static final String DATED = "@";
  }

  /**
   * A paper as staying power knows it: the sightings total of its latest record, and its sightings
   * per digest date (a date known only as first or last may hold 0).
   */
  static final class PaperDays {
    int lastTotal;
    String title;
    final TreeMap<Long, Integer> days = new TreeMap<>();

    static PaperDays decode(StayingPaperDays value) {
      PaperDays p = new PaperDays();
      if (value == null) {
        return p;
      }
      p.lastTotal = value.getLastTotal();
      for (DaySightings day : value.getDays()) {
        p.days.put(day.getEpochDay(), day.getSightings());
      }
      p.title = value.getTitle();
      return p;
    }

    StayingPaperDays encode() {
      List<DaySightings> list = new ArrayList<>(days.size());
      for (Map.Entry<Long, Integer> e : days.entrySet()) {
        list.add(new DaySightings(e.getKey(), e.getValue()));
      }
      return new StayingPaperDays(lastTotal, title, list);
    }

    /** The paper as of the end of a week, or null when it had no date before that end. */
    StayingPaper asOf(String paperId, long endDayExclusive) {
      NavigableMap<Long, Integer> before = days.headMap(endDayExclusive, false);
      if (before.isEmpty()) {
        return null;
      }
      int sightings = before.values().stream().mapToInt(Integer::intValue).sum();
      long first = before.firstKey();
      long last = before.lastKey();
      return StayingPaper.newBuilder()
          .setRank(0)
          .setPaperId(paperId)
          .setTitle(title)
          .setSightings(sightings)
          .setFirstDigestDate(LocalDate.ofEpochDay(first))
          .setLastDigestDate(LocalDate.ofEpochDay(last))
          .setSpanDays((int) (last - first))
          .build();
    }
  }

  /** Most sightings first, then the longest span, then title, then id. */
  static final Comparator<StayingPaper> RANKING =
      Comparator.comparingInt(StayingPaper::getSightings)
          .reversed()
          .thenComparing(Comparator.comparingInt(StayingPaper::getSpanDays).reversed())
          .thenComparing(StayingPaper::getTitle)
          .thenComparing(StayingPaper::getPaperId);

  /**
   * The separator in the keys of the week-papers index, {@code <ISO week start>|<paperId>} (its
   * value empty): a prefix scan by week start lists the papers dated in that week.
   */
  private static final String WEEK_PAPER = "|";

  private static final class StayingProcessor
      implements Processor<String, String, String, StayingPower> {
    private static final StringSerializer KEYS = new StringSerializer();
    private final TrendsOptions options;
    private ProcessorContext<String, StayingPower> context;
    private KeyValueStore<String, StayingPaperDays> papers;
    private KeyValueStore<String, String> weekPapers;
    private KeyValueStore<String, StayingPower> rankings;
    private WindowLifecycle weeks;

    StayingProcessor(TrendsOptions options) {
      this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, StayingPower> context) {
      this.context = context;
      this.papers = context.getStateStore(StoreNames.STAYING_PAPERS);
      this.weekPapers = context.getStateStore(StoreNames.STAYING_WEEK_PAPERS);
      this.rankings = context.getStateStore(StoreNames.STAYING_RANKINGS);
      this.weeks =
          new WindowLifecycle(
              context.getStateStore(StoreNames.STAYING_WEEKS),
              context.getStateStore(StoreNames.STAYING_DIRTY),
              options.grace(),
              options.maxSkew());
      weeks.restore(context.currentSystemTimeMs());
      context.schedule(
          EmitInterval.of(context).interval(), PunctuationType.WALL_CLOCK_TIME, this::emitDirty);
      context.schedule(options.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::close);
    }

    @Override
    public void process(Record<String, String> record) {
      Sighting s = Sighting.decode(record.value());
      if (s.firstDay() == NO_DAY && s.lastDay() == NO_DAY) {
        return; // without a digest date a sighting belongs to no week
      }
      StayingPaperDays stored = papers.get(s.paperId());
      PaperDays paper = PaperDays.decode(stored);
      int added;
      if (stored == null || s.sightings() > paper.lastTotal) {
        added = s.sightings() - (stored == null ? 0 : paper.lastTotal);
      } else if (s.sightings() < paper.lastTotal) {
        added = s.sightings(); // seen again after the dedupe horizon: counting starts afresh
      } else {
        added = 0; // the same record again
      }
      long first = s.firstDay() == NO_DAY ? s.lastDay() : s.firstDay();
      long last = s.lastDay() == NO_DAY ? s.firstDay() : s.lastDay();
      long dated;
      if (s.sightingDay() != NO_DAY) {
        dated = s.sightingDay(); // the sighting says its date: exact in any order
      } else if (paper.days.isEmpty() || last > paper.days.lastKey()) {
        dated = last;
      } else if (first < paper.days.firstKey()) {
        dated = first;
      } else {
        dated = last;
      }
      paper.lastTotal = s.sightings();
      paper.title = paper.title == null ? s.title().trim() : paper.title;
      long wall = context.currentSystemTimeMs();
      boolean changed = false;
      for (long day : new long[] {first, last}) {
        if (!paper.days.containsKey(day)) {
          paper.days.put(day, 0);
          changed = true;
        }
      }
      if (added > 0) {
        paper.days.merge(dated, added, Integer::sum);
        changed = true;
      }
      papers.put(s.paperId(), paper.encode());
      if (!changed) {
        return;
      }
      long earliestChange = Math.min(dated, Math.min(first, last));
      for (long day : paper.days.keySet()) {
        long dayMs = TrendWindow.DAY_MS * day;
        weeks.observe(dayMs, wall);
        long start = WINDOW_TYPE.start(dayMs);
        weeks.open(window(start));
        String week = TrendWindow.isoDate(start);
        weekPapers.put(week + WEEK_PAPER + s.paperId(), "");
        if (WINDOW_TYPE.end(start) > earliestChange * TrendWindow.DAY_MS) {
          weeks.mark(key(start));
        }
      }
    }

    private static String key(long weekStart) {
      return WINDOW + ":" + TrendWindow.isoDate(weekStart);
    }

    private static WindowLifecycle.Window window(long start) {
      return new WindowLifecycle.Window(SCOPE, WINDOW_TYPE, start);
    }

    private List<StayingPaper> rank(long weekStart) {
      long endDay = WINDOW_TYPE.end(weekStart) / TrendWindow.DAY_MS;
      List<StayingPaper> all = new ArrayList<>();
      try (KeyValueIterator<String, String> it =
          weekPapers.prefixScan(TrendWindow.isoDate(weekStart) + WEEK_PAPER, KEYS)) {
        while (it.hasNext()) {
          String key = it.next().key;
          String paperId = key.substring(key.indexOf(WEEK_PAPER) + 1);
          StayingPaper p = PaperDays.decode(papers.get(paperId)).asOf(paperId, endDay);
          if (p != null && p.getSightings() > 1) {
            all.add(p);
          }
        }
      }
      all.sort(RANKING);
      List<StayingPaper> top =
          new ArrayList<>(all.subList(0, Math.min(options.topN(), all.size())));
      for (int i = 0; i < top.size(); i++) {
        top.get(i).setRank(i + 1);
      }
      return top;
    }

    private void close(long wallMs) {
      long now = weeks.now(wallMs);
      Set<String> closedNow = new HashSet<>();
      for (WindowLifecycle.Window closed : weeks.closeDue(now)) {
        String key = key(closed.start());
        StayingPower ranking = ranking(closed.start(), rank(closed.start()));
        ranking.setFinal$(true);
        rankings.put(key, ranking);
        closedNow.add(key);
        context.forward(new Record<>(key, ranking, wallMs));
      }
      emit(wallMs, closedNow);
    }

    private void emitDirty(long wallMs) {
      emit(wallMs, Set.of());
    }

    /** Emits every marked ranking that changed, but those just emitted as closed. */
    private void emit(long wallMs, Set<String> skip) {
      List<String> keys = weeks.marked();
      weeks.emitted();
      for (String key : keys) {
        if (skip.contains(key)) {
          continue;
        }
        long start = TrendWindow.parseIsoDate(key.substring(WINDOW.length() + 1));
        List<StayingPaper> entries = rank(start);
        StayingPower stored = rankings.get(key);
        if (stored != null && fingerprint(stored.getEntries()).equals(fingerprint(entries))) {
          continue; // the ranking did not change
        }
        StayingPower ranking = ranking(start, entries);
        if (weeks.isClosed(window(start))) {
          ranking.setFinal$(true);
          ranking.setRevision(stored == null ? 1 : stored.getRevision() + 1);
        }
        rankings.put(key, ranking);
        context.forward(new Record<>(key, ranking, wallMs));
      }
    }

    // Avro's equals cannot compare a logical-type date inside a union (AvroRuntimeException).
    private static List<String> fingerprint(List<StayingPaper> entries) {
      return entries.stream()
          .map(
              p ->
                  p.getRank()
                      + "|"
                      + p.getPaperId()
                      + "|"
                      + p.getTitle()
                      + "|"
                      + p.getSightings()
                      + "|"
                      + p.getFirstDigestDate()
                      + "|"
                      + p.getLastDigestDate()
                      + "|"
                      + p.getSpanDays())
          .toList();
    }

    private static StayingPower ranking(long start, List<StayingPaper> entries) {
      return StayingPower.newBuilder()
          .setWindow(WINDOW)
          .setWindowStart(Instant.ofEpochMilli(start))
          .setWindowEnd(Instant.ofEpochMilli(WINDOW_TYPE.end(start)))
          .setEntries(entries)
          .build();
    }
  }
}
