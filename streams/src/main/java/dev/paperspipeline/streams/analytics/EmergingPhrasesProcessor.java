package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.streams.EmitInterval;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.trends.EventClock;
import dev.paperspipeline.streams.trends.TrendHit;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.WindowLifecycle;
import dev.paperspipeline.streams.trends.WindowMembership;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per keyphrase, its first digest date and its papers (counted once each, by the
 * membership), and emits the phrases that are emerging.
 *
 * <p>A phrase is emerging at the trends clock's day {@code asOf} when {@code asOf - firstSeen <
 * windowDays}, it has at least {@code minPapers} papers, and it was first seen after the earliest
 * digest date the app has counted: on the first digest every phrase is new, which says nothing.
 * Growth is papers per day since first seen. A phrase is emitted once per {@code
 * commit.interval.ms} when its count grew while emerging; it is not emitted when it stops being
 * emerging by age, so a reader takes the records of the latest {@code asOfDate} (or filters by it).
 * A phrase emitted and then found not new (an earlier digest read late lists it, or a paper moved
 * away from it) is withdrawn: a tombstone (null value) on its key. A paper moved to an earlier
 * digest date ({@link TrendHit#retraction()}) leaves its phrases on its old day.
 *
 * <p>State value of a phrase: {@code <firstSeen epoch day> <papers>} (then {@code e} while a record
 * of it stands) then up to {@value #KEPT_PAPERS} lines {@code <paperId>\t<title>}, the candidates
 * for the examples.
 */
final class EmergingPhrasesProcessor
    implements Processor<String, TrendHit, String, EmergingPhrase> {
  static final String FIRST_DAY_KEY = "~first-day";
  private static final int KEPT_PAPERS = 50;

  private final EmergingOptions options;
  private final Duration grace;
  private final Duration maxSkew;
  private ProcessorContext<String, EmergingPhrase> context;
  private WindowMembership membership;
  private KeyValueStore<String, String> phrases;
  private KeyValueStore<String, Integer> sightings;
  // the trends clock (kept in the phrases store) and the phrases to emit; no window closes here
  private WindowLifecycle lifecycle;
  private boolean emitAtOnce;

  EmergingPhrasesProcessor(AnalyticsOptions options) {
    this.options = options.emerging();
    this.grace = options.trends().grace();
    this.maxSkew = options.trends().maxSkew();
  }

  @Override
  public void init(ProcessorContext<String, EmergingPhrase> context) {
    this.context = context;
    this.membership = new WindowMembership(context.getStateStore(StoreNames.EMERGING_MEMBERS));
    this.phrases = context.getStateStore(StoreNames.EMERGING_PHRASES);
    this.sightings = context.getStateStore(StoreNames.ANALYTICS_SIGHTINGS);
    this.lifecycle =
        new WindowLifecycle(
            phrases, context.getStateStore(StoreNames.EMERGING_DIRTY), grace, maxSkew);
    lifecycle.restore(context.currentSystemTimeMs());
    EmitInterval emitting = EmitInterval.of(context);
    this.emitAtOnce = emitting.atOnce();
    context.schedule(emitting.interval(), PunctuationType.WALL_CLOCK_TIME, t -> emit());
  }

  @Override
  public void process(Record<String, TrendHit> record) {
    TrendHit hit = record.value();
    if (hit != null && hit.retraction()) {
      retract(hit);
      return;
    }
    if (hit == null || hit.names().isEmpty()) {
      return;
    }
    List<String> fresh = membership.admit(hit);
    if (fresh.isEmpty()) {
      return;
    }
    lifecycle.observe(hit.eventTimeMs(), context.currentSystemTimeMs());
    long day = Math.floorDiv(hit.eventTimeMs(), TrendWindow.DAY_MS);
    String firstDay = phrases.get(FIRST_DAY_KEY);
    if (firstDay == null || day < Long.parseLong(firstDay)) {
      phrases.put(FIRST_DAY_KEY, Long.toString(day));
      if (firstDay != null) {
        markFirstSeenOn(Long.parseLong(firstDay));
      }
    }
    for (String phrase : fresh) {
      State s = State.parse(phrases.get(phrase));
      s = s == null ? new State(day, 0, new ArrayList<>(), false) : s;
      s = new State(Math.min(s.firstDay, day), s.papers + 1, s.kept, s.emitted);
      if (s.kept.size() < KEPT_PAPERS) {
        s.kept.add(hit.paperId() + "\t" + hit.title().replace('\n', ' ').replace('\t', ' '));
      }
      phrases.put(phrase, s.format());
      lifecycle.mark(phrase);
    }
    if (emitAtOnce) {
      emit();
    }
  }

  /**
   * A paper moved to an earlier day: it no longer counts for the phrases it had on the day of
   * {@code hit} (its hit on the earlier day follows and counts it there, which moves a phrase's
   * first day earlier). Each such phrase is evaluated again, and withdrawn when it is no longer
   * new.
   */
  private void retract(TrendHit hit) {
    for (String phrase : membership.remove(hit)) {
      State s = State.parse(phrases.get(phrase));
      if (s == null) {
        continue;
      }
      List<String> kept = new ArrayList<>(s.kept);
      kept.removeIf(line -> line.startsWith(hit.paperId() + "\t"));
      phrases.put(
          phrase, new State(s.firstDay, Math.max(0, s.papers - 1), kept, s.emitted).format());
      lifecycle.mark(phrase);
    }
    if (emitAtOnce) {
      emit();
    }
  }

  /**
   * The earliest digest counted moved earlier than {@code day}: phrases first seen on {@code day}
   * were not new then (first seen on the earliest digest) and may be now, so they are evaluated
   * again. A scan of every phrase, but only when an older digest than all before is read.
   */
  private void markFirstSeenOn(long day) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = phrases.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (!kv.key.startsWith("~") && State.parse(kv.value).firstDay == day) {
          keys.add(kv.key);
        }
      }
    }
    keys.forEach(lifecycle::mark);
  }

  private void emit() {
    if (lifecycle.nothingMarked()) {
      return;
    }
    long now = lifecycle.now(context.currentSystemTimeMs());
    String first = phrases.get(FIRST_DAY_KEY);
    if (now == EventClock.NONE || first == null) {
      lifecycle.emitted();
      return;
    }
    long asOf = Math.floorDiv(now, TrendWindow.DAY_MS);
    long earliest = Long.parseLong(first);
    long ts = context.currentSystemTimeMs();
    List<String> keys = lifecycle.marked();
    for (String phrase : keys) {
      State s = State.parse(phrases.get(phrase));
      if (s == null) {
        continue;
      }
      if (s.papers < options.minPapers() || s.firstDay <= earliest) {
        // never emerging as far as the app knows now: an earlier digest, read late, showed the
        // phrase was not new (or took papers away): a record emitted for it is withdrawn
        if (s.emitted) {
          phrases.put(phrase, new State(s.firstDay, s.papers, s.kept, false).format());
          context.forward(new Record<>(phrase, null, ts));
        }
        continue;
      }
      if (asOf - s.firstDay >= options.windowDays()) {
        continue; // no longer emerging by age: its last record stays, dated by asOfDate
      }
      if (!s.emitted) {
        phrases.put(phrase, new State(s.firstDay, s.papers, s.kept, true).format());
      }
      long days = Math.max(1, asOf - s.firstDay + 1);
      List<PaperRef> examples = new ArrayList<>(s.kept.size());
      for (String line : s.kept) {
        int tab = line.indexOf('\t');
        String id = line.substring(0, tab);
        Integer seen = sightings.get(id);
        examples.add(new PaperRef(id, line.substring(tab + 1), seen == null ? 1 : seen));
      }
      EmergingPhrase value =
          EmergingPhrase.newBuilder()
              .setPhrase(phrase)
              .setFirstSeenDate(LocalDate.ofEpochDay(s.firstDay))
              .setAsOfDate(LocalDate.ofEpochDay(Math.max(asOf, s.firstDay)))
              .setWindowDays(options.windowDays())
              .setPapers((int) s.papers)
              .setGrowth(s.papers / (double) days)
              .setExamples(WindowPapers.top(examples, options.examples()))
              .build();
      context.forward(new Record<>(phrase, value, ts));
    }
    lifecycle.emitted();
  }

  /** A phrase's state; {@code emitted} while the latest record of the phrase is not withdrawn. */
  private record State(long firstDay, long papers, List<String> kept, boolean emitted) {
    static State parse(String value) {
      if (value == null) {
        return null;
      }
      String[] lines = value.split("\n");
      String[] head = lines[0].split(" ");
      List<String> kept = new ArrayList<>(lines.length - 1);
      for (int i = 1; i < lines.length; i++) {
        kept.add(lines[i]);
      }
      return new State(
          Long.parseLong(head[0]),
          Long.parseLong(head[1]),
          kept,
          head.length > 2 && "e".equals(head[2]));
    }

    String format() {
      StringBuilder b = new StringBuilder().append(firstDay).append(' ').append(papers);
      if (emitted) {
        b.append(" e");
      }
      kept.forEach(k -> b.append('\n').append(k));
      return b.toString();
    }
  }
}
