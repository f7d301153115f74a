package dev.paperspipeline.streams.report;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
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

/**
 * The latest state of the analytics output topics, by ISO week, in memory: fed record by record in
 * each partition's order (by {@link OutputTopicsReader}, or by a test), read as {@link
 * WeeklyReport}s.
 *
 * <p>Bounded: it keeps the latest {@code maxWeeks} weeks with data (or only one given week), and
 * within a week the latest record per window and name, so its size does not grow with the topics'
 * history. A record supersedes an earlier one of the same window unless the earlier one was final
 * and the new one is not final or has a lower revision (a replayed or reordered update never undoes
 * a revision). Thread-safe.
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
  private long accepted;

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

  /** The topics the view reads, with the value class of each. */
  public static final Map<String, Class<?>> TOPICS = topics();

  private static Map<String, Class<?>> topics() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put(Topics.TRENDING_TOPICS, TrendingTopics.class);
    m.put(Topics.TOPIC_BURSTS, TopicBurst.class);
    m.put(Topics.EMERGING_PHRASES, EmergingPhrase.class);
    m.put(Topics.STAYING_POWER, StayingPower.class);
    m.put(Topics.OPEN_CODE_SHARE, OpenCodeShare.class);
    m.put(Topics.DIGEST_HEALTH, DigestHealth.class);
    m.put(Topics.PAPER_EMBEDDINGS, PaperEmbedding.class);
    return java.util.Collections.unmodifiableMap(m);
  }

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
      kept = put(IsoWeek.of(b.getWindowStart()), w -> w.bursts, id, b, AnalyticsView::newerBurst);
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
    return kept;
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
    if (weeks.size() >= maxWeeks && week.compareTo(weeks.firstKey()) < 0) {
      return Optional.empty();
    }
    w = new WeekData();
    weeks.put(week, w);
    while (weeks.size() > maxWeeks) {
      weeks.pollFirstEntry();
    }
    return Optional.of(w);
  }

  /** The latest embedding of every paper read, for the similar-papers queries. */
  public PaperVectors vectors() {
    return vectors;
  }

  /** The weeks with data, latest first. */
  public synchronized List<IsoWeek> weeks() {
    return new ArrayList<>(weeks.descendingKeySet());
  }

  /** The latest week with data, if any. */
  public synchronized Optional<IsoWeek> latestWeek() {
    return weeks.isEmpty() ? Optional.empty() : Optional.of(weeks.lastKey());
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
        Comparator.comparing((TopicBurst b) -> WEEK.equals(b.getWindow()) ? 0 : 1)
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
        health);
  }

  private static final class WeekData {
    final Map<String, TrendingTopics> trending = new HashMap<>();
    final Map<String, TopicBurst> bursts = new HashMap<>();
    final Map<String, EmergingPhrase> emerging = new HashMap<>();
    final Map<String, StayingPower> staying = new HashMap<>();
    final Map<String, OpenCodeShare> openCode = new HashMap<>();
    final Map<LocalDate, DigestHealth> health = new HashMap<>();
  }
}
