package dev.paperspipeline.streams.report;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Contracts;
import dev.paperspipeline.schemas.Topics.Owner;
import dev.paperspipeline.schemas.Topics.TopicContract;
import dev.paperspipeline.streams.analytics.BurstOptions;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The latest state of the analytics output topics, by ISO week, in memory: fed record by record in
 * each partition's order (by {@link OutputTopicsReader}, or by a test), read as {@link
 * WeeklyReport}s.
 *
 * <p>A week <em>has data</em> when it holds papers or a digest file arrived in it: any record but a
 * digest-health record of a missing date. A missing date shows in its week's input health, never as
 * a week of its own: weeks holding only missing dates are neither listed nor counted.
 *
 * <p>Bounded: it keeps the latest {@code maxWeeks} weeks with data (or only one given week), the
 * missing dates after the earliest of them, and within a week the latest record per window and
 * name, so its size does not grow with the topics' history. A record supersedes an earlier one of
 * the same window unless the earlier one was final and the new one is not final or has a lower
 * revision (a replayed or reordered update never undoes a revision). Thread-safe.
 *
 * <p>The papers' embeddings ({@code paper-embeddings}) are kept apart from the weeks, all of them,
 * the latest per paper ({@link #vectors()}): a paper of any week is compared with every earlier
 * paper.
 */
public final class AnalyticsView {
  /** The weeks a dashboard keeps by default: half a year. */
  public static final int DEFAULT_MAX_WEEKS = 26;

  /** The {@code window} value of week windows in the analytics records. */
  static final String WEEK = "WEEK";

  private final int maxWeeks;
  private final IsoWeek only;
  private final TreeMap<IsoWeek, WeekData> weeks = new TreeMap<>();
  private final PaperVectors vectors = new PaperVectors();
  // every week with data seen, kept or not, so that a report can name the last one before it
  private final java.util.TreeSet<IsoWeek> seenWithData = new java.util.TreeSet<>();
  private long accepted;

  /** Weeks with data remembered for {@link WeeklyReport#lastWeekWithDataBefore()}: ten years. */
  static final int MAX_SEEN_WEEKS = 530;

  private AnalyticsView(int maxWeeks, IsoWeek only) {
    if (maxWeeks < 1) {
      throw new IllegalArgumentException("maxWeeks must be at least 1, not " + maxWeeks);
    }
    this.maxWeeks = maxWeeks;
    this.only = only;
  }

  /** A view of the latest {@code maxWeeks} weeks with data. */
  public static AnalyticsView latest(int maxWeeks) {
    return new AnalyticsView(maxWeeks, null);
  }

  /** A view of {@code week} alone: records of other weeks are dropped as they come. */
  public static AnalyticsView ofWeek(IsoWeek week) {
    return new AnalyticsView(1, week);
  }

  /**
   * The contracts of the topics the view reads: every output of the analytics app, the trends'
   * rankings and the papers' embeddings.
   */
  public static final List<TopicContract<?>> CONTRACTS =
      Stream.concat(
              Stream.of(Contracts.TRENDING_TOPICS),
              Stream.concat(
                  Topics.ownedBy(Owner.ANALYTICS).stream(), Stream.of(Contracts.PAPER_EMBEDDINGS)))
          .toList();

  /** The names of {@link #CONTRACTS}. */
  public static final List<String> TOPICS = Topics.names(CONTRACTS);

  /**
   * Takes one record of one of {@link #TOPICS}, in its partition's order. A tombstone removes the
   * date of a digest-health key or the embedding of a paper-embeddings key; other tombstones and
   * records of other topics are ignored.
   *
   * @return whether the record was kept (false when it belongs to a week the view does not keep)
   */
  public synchronized boolean accept(String topic, String key, Object value) {
    if (value == null) {
      if (Topics.PAPER_EMBEDDINGS.equals(topic) && key != null) {
        vectors.remove(key);
      }
      if (Topics.DIGEST_HEALTH.equals(topic) && key != null) {
        try {
          LocalDate date = LocalDate.parse(key);
          WeekData w = weeks.get(IsoWeek.of(date));
          if (w != null) {
            w.health.remove(date);
          }
        } catch (DateTimeParseException e) {
          // not a key this topic's contract allows: nothing to remove
        }
      } else if (Topics.EMERGING_PHRASES.equals(topic) && key != null) {
        // a withdrawn phrase: an earlier digest, read late, showed it was not new
        weeks.values().forEach(w -> w.emerging.remove(key));
      }
      return false;
    }
    boolean kept = false;
    if (value instanceof TrendingTopics t) {
      // the report ranks weeks; the DAY rankings stay with the trends panels
      kept =
          WEEK.equals(t.getWindow())
              && put(
                  IsoWeek.of(t.getWindowStart()),
                  w -> w.trending,
                  t.getKind(),
                  t,
                  AnalyticsView::newerTrending);
    } else if (value instanceof TopicBurst b) {
      String id = b.getKind() + ":" + b.getName() + "@" + b.getWindow() + ":" + b.getWindowStart();
      kept = put(reportWeek(b), w -> w.bursts, id, b, AnalyticsView::newerBurst);
    } else if (value instanceof EmergingPhrase e) {
      kept =
          put(
              IsoWeek.of(e.getAsOfDate()),
              w -> w.emerging,
              e.getPhrase(),
              e,
              (old, neu) -> !neu.getAsOfDate().isBefore(old.getAsOfDate()));
    } else if (value instanceof StayingPower s) {
      kept =
          put(
              IsoWeek.of(s.getWindowStart()),
              w -> w.staying,
              WEEK,
              s,
              (old, neu) ->
                  supersedes(
                      old.getFinal$(), old.getRevision(), neu.getFinal$(), neu.getRevision()));
    } else if (value instanceof OpenCodeShare o) {
      kept =
          put(
              IsoWeek.of(o.getWindowStart()),
              w -> w.openCode,
              o.getTopic(),
              o,
              (old, neu) ->
                  supersedes(
                      old.getFinal$(), old.getRevision(), neu.getFinal$(), neu.getRevision()));
    } else if (value instanceof PaperEmbedding e) {
      vectors.put(e);
      kept = true;
    } else if (value instanceof DigestHealth h) {
      // compacted and re-emitted whenever a file arrives: the latest record is the truth
      kept =
          put(IsoWeek.of(h.getDigestDate()), w -> w.health, h.getDigestDate(), h, (o, n) -> true);
    }
    if (kept) {
      accepted++;
    }
    IsoWeek w = dataWeek(value);
    if (w != null) {
      seenWithData.add(w);
      while (seenWithData.size() > MAX_SEEN_WEEKS) {
        seenWithData.pollFirst();
      }
    }
    if (kept) {
      evict();
    }
    return kept;
  }

  /**
   * The week whose report shows a burst: the week of its window's last day (a day's or a week's own
   * week, a longer window's closing week).
   */
  private static IsoWeek reportWeek(TopicBurst b) {
    return IsoWeek.of(b.getWindowEnd().minus(Duration.ofDays(1)));
  }

  /** The week a record gives data to, or null (a missing date, a DAY ranking, another topic). */
  private static IsoWeek dataWeek(Object value) {
    if (value instanceof TrendingTopics t) {
      return WEEK.equals(t.getWindow()) ? IsoWeek.of(t.getWindowStart()) : null;
    } else if (value instanceof TopicBurst b) {
      return reportWeek(b);
    } else if (value instanceof EmergingPhrase e) {
      return IsoWeek.of(e.getAsOfDate());
    } else if (value instanceof StayingPower s) {
      return IsoWeek.of(s.getWindowStart());
    } else if (value instanceof OpenCodeShare o) {
      return IsoWeek.of(o.getWindowStart());
    } else if (value instanceof DigestHealth h) {
      return h.getMissing() ? null : IsoWeek.of(h.getDigestDate());
    }
    return null;
  }

  private <K, V> boolean put(
      IsoWeek week,
      Function<WeekData, Map<K, V>> section,
      K key,
      V value,
      BiPredicate<V, V> replaces) {
    Optional<WeekData> w = week(week);
    if (w.isEmpty()) {
      return false;
    }
    section.apply(w.get()).merge(key, value, (old, neu) -> replaces.test(old, neu) ? neu : old);
    return true;
  }

  private static boolean newerTrending(TrendingTopics old, TrendingTopics neu) {
    return supersedes(old.getFinal$(), old.getRevision(), neu.getFinal$(), neu.getRevision());
  }

  private static boolean newerBurst(TopicBurst old, TopicBurst neu) {
    return supersedes(old.getFinal$(), old.getRevision(), neu.getFinal$(), neu.getRevision());
  }

  private static boolean supersedes(
      boolean oldFinal, int oldRevision, boolean newFinal, int newRevision) {
    return !(oldFinal && (!newFinal || newRevision < oldRevision));
  }

  /** The week's data, created if the view keeps that week; empty when it does not. */
  private Optional<WeekData> week(IsoWeek week) {
    if (only != null && !only.equals(week)) {
      return Optional.empty();
    }
    WeekData w = weeks.get(week);
    if (w != null) {
      return Optional.of(w);
    }
    List<IsoWeek> withData = weeks();
    if (withData.size() >= maxWeeks && week.compareTo(withData.get(withData.size() - 1)) < 0) {
      return Optional.empty();
    }
    w = new WeekData();
    weeks.put(week, w);
    return Optional.of(w);
  }

  /** The latest embedding of every paper read, for the similar-papers queries. */
  public PaperVectors vectors() {
    return vectors;
  }

  /**
   * Drops the earliest weeks with data beyond {@code maxWeeks}, with the missing dates before them,
   * and the earliest weeks of missing dates alone beyond what a year of gaps fills.
   */
  private void evict() {
    List<IsoWeek> withData = weeks();
    if (withData.size() > maxWeeks) {
      IsoWeek oldestKept = withData.get(maxWeeks - 1);
      weeks.headMap(oldestKept, false).clear();
    }
    int gapWeeks = weeks.size() - Math.min(maxWeeks, withData.size());
    for (var it = weeks.entrySet().iterator(); gapWeeks > MAX_SEEN_WEEKS / 10 && it.hasNext(); ) {
      if (!it.next().getValue().hasData()) {
        it.remove();
        gapWeeks--;
      }
    }
  }

  /** The weeks with data (papers, or a digest file), latest first. */
  public synchronized List<IsoWeek> weeks() {
    List<IsoWeek> out = new ArrayList<>();
    for (Map.Entry<IsoWeek, WeekData> e : weeks.descendingMap().entrySet()) {
      if (e.getValue().hasData()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** The latest week with data, if any. */
  public synchronized Optional<IsoWeek> latestWeek() {
    List<IsoWeek> withData = weeks();
    return withData.isEmpty() ? Optional.empty() : Optional.of(withData.get(0));
  }

  /** How many records were kept since the view was made. */
  public synchronized long accepted() {
    return accepted;
  }

  /** Everything the view holds of {@code week}; every section empty when it holds nothing. */
  public synchronized WeeklyReport report(IsoWeek week) {
    WeekData w = weeks.getOrDefault(week, new WeekData());
    List<TopicBurst> bursts = new ArrayList<>(w.bursts.values());
    bursts.sort(
        Comparator.comparing((TopicBurst b) -> -TrendWindow.valueOf(b.getWindow()).ordinal())
            .thenComparing(TopicBurst::getWindowStart)
            .thenComparing(Comparator.comparingDouble(TopicBurst::getScore).reversed())
            .thenComparing(TopicBurst::getKind)
            .thenComparing(TopicBurst::getName));
    List<EmergingPhrase> emerging = new ArrayList<>(w.emerging.values());
    emerging.sort(
        Comparator.comparingDouble(EmergingPhrase::getGrowth)
            .reversed()
            .thenComparing(Comparator.comparingInt(EmergingPhrase::getPapers).reversed())
            .thenComparing(EmergingPhrase::getPhrase));
    List<OpenCodeShare> openCode = new ArrayList<>(w.openCode.values());
    openCode.sort(
        Comparator.comparingDouble(OpenCodeShare::getShare)
            .reversed()
            .thenComparing(Comparator.comparingLong(OpenCodeShare::getPapers).reversed())
            .thenComparing(OpenCodeShare::getTopic));
    Map<LocalDate, DigestHealth> health = new LinkedHashMap<>();
    for (LocalDate d : week.dates()) {
      health.put(d, w.health.get(d));
    }
    return new WeeklyReport(
        week,
        w.trending.get("TOPIC"),
        w.trending.get("KEYPHRASE"),
        bursts,
        emerging,
        w.staying.get(WEEK),
        openCode,
        health,
        seenWithData.lower(week),
        weeksWithDataBefore(week, BurstOptions.DEFAULT_WEEK_BASELINE));
  }

  /** How many of the {@code n} weeks right before {@code week} had data (papers or a file). */
  public synchronized int weeksWithDataBefore(IsoWeek week, int n) {
    return seenWithData.subSet(IsoWeek.of(week.monday().minusWeeks(n)), week).size();
  }

  private static final class WeekData {
    final Map<String, TrendingTopics> trending = new HashMap<>();
    final Map<String, TopicBurst> bursts = new HashMap<>();
    final Map<String, EmergingPhrase> emerging = new HashMap<>();
    final Map<String, StayingPower> staying = new HashMap<>();
    final Map<String, OpenCodeShare> openCode = new HashMap<>();
    final Map<LocalDate, DigestHealth> health = new HashMap<>();

    /** Whether the week holds papers or a digest file: anything but missing dates. */
    boolean hasData() {
      return !trending.isEmpty()
          || !bursts.isEmpty()
          || !emerging.isEmpty()
          || !staying.isEmpty()
          || !openCode.isEmpty()
          || health.values().stream().anyMatch(h -> !h.getMissing());
    }
  }
}
