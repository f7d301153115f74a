package dev.paperspipeline.streams.report;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.StayingPaper;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records of every analytics output, built by hand for one small week, 2026-W47; shared with the
 * dashboard tests and, through this module's test jar, with the cli's report tests.
 */
public final class ReportFixtures {
  public static final IsoWeek WEEK = IsoWeek.parse("2026-W47");
  public static final LocalDate MONDAY = LocalDate.parse("2026-11-16");

  /** A record as a topic holds it. */
  record Rec(String topic, String key, Object value) {}

  private ReportFixtures() {}

  public static Instant at(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public static TrendingTopics trending(
      String kind, LocalDate monday, boolean fin, int revision, List<TrendEntry> entries) {
    return TrendingTopics.newBuilder()
        .setKind(kind)
        .setWindow("WEEK")
        .setWindowStart(at(monday))
        .setWindowEnd(at(monday.plusDays(7)))
        .setEntries(entries)
        .setFinal$(fin)
        .setRevision(revision)
        .setPartial(false)
        .build();
  }

  public static TrendEntry entry(int rank, String name, long count, long previous) {
    return TrendEntry.newBuilder()
        .setRank(rank)
        .setName(name)
        .setCount(count)
        .setPreviousCount(previous)
        .setGrowth(previous == 0 ? null : (count - previous) / (double) previous)
        .build();
  }

  /** An embedding of the model of the pipeline, 3 dimensions pointing at (x, y, z), made unit. */
  public static PaperEmbedding embedding(
      String id, String title, LocalDate date, double x, double y, double z) {
    double n = Math.sqrt(x * x + y * y + z * z);
    return PaperEmbedding.newBuilder()
        .setPaperId(id)
        .setTitle(title)
        .setModel("all-minilm-l6-v2-q")
        .setVector(List.of((float) (x / n), (float) (y / n), (float) (z / n)))
        .setDigestDate(date)
        .build();
  }

  public static PaperRef paper(String id, String title, int sightings) {
    return PaperRef.newBuilder().setPaperId(id).setTitle(title).setSightings(sightings).build();
  }

  public static TopicBurst burst(
      String kind,
      String name,
      String window,
      LocalDate start,
      long count,
      double mean,
      double p,
      List<PaperRef> papers) {
    return TopicBurst.newBuilder()
        .setKind(kind)
        .setName(name)
        .setWindow(window)
        .setWindowStart(at(start))
        .setWindowEnd(at(start.plusDays(window.equals("WEEK") ? 7 : 1)))
        .setCount(count)
        .setBaselineWindows(4)
        .setBaselineMean(mean)
        .setPValue(p)
        .setScore(-Math.log10(p))
        .setPapers(papers)
        .setFinal$(false)
        .setRevision(0)
        .setPartial(false)
        .build();
  }

  public static EmergingPhrase emerging(
      String phrase, LocalDate first, LocalDate asOf, int papers, List<PaperRef> examples) {
    return EmergingPhrase.newBuilder()
        .setPhrase(phrase)
        .setFirstSeenDate(first)
        .setAsOfDate(asOf)
        .setWindowDays(14)
        .setPapers(papers)
        .setGrowth(papers / (double) (asOf.toEpochDay() - first.toEpochDay() + 1))
        .setExamples(examples)
        .build();
  }

  public static StayingPaper staying(
      int rank, String id, String title, int sightings, LocalDate first, LocalDate last) {
    return StayingPaper.newBuilder()
        .setRank(rank)
        .setPaperId(id)
        .setTitle(title)
        .setSightings(sightings)
        .setFirstDigestDate(first)
        .setLastDigestDate(last)
        .setSpanDays((int) (last.toEpochDay() - first.toEpochDay()))
        .build();
  }

  public static StayingPower stayingPower(
      LocalDate monday, boolean fin, List<StayingPaper> entries) {
    return StayingPower.newBuilder()
        .setWindow("WEEK")
        .setWindowStart(at(monday))
        .setWindowEnd(at(monday.plusDays(7)))
        .setEntries(entries)
        .setFinal$(fin)
        .setRevision(0)
        .build();
  }

  public static OpenCodeShare openCode(
      String topic, LocalDate monday, long papers, long withCode, Map<String, Long> hosts) {
    return OpenCodeShare.newBuilder()
        .setTopic(topic)
        .setWindow("WEEK")
        .setWindowStart(at(monday))
        .setWindowEnd(at(monday.plusDays(7)))
        .setPapers(papers)
        .setPapersWithCode(withCode)
        .setShare(withCode / (double) papers)
        .setHosts(hosts)
        .setFinal$(false)
        .setRevision(0)
        .setPartial(false)
        .build();
  }

  public static DigestHealth health(
      LocalDate date, int files, int papers, int rejected, boolean missing, int gapBefore) {
    return DigestHealth.newBuilder()
        .setDigestDate(date)
        .setFiles(files)
        .setPapers(papers)
        .setRejected(rejected)
        .setExactDuplicateFiles(0)
        .setNearDuplicateFiles(0)
        .setMissing(missing)
        .setGapDaysBefore(gapBefore)
        .setFileNames(missing ? List.of() : List.of(date + ".txt"))
        .build();
  }

  /**
   * The fixture week in log order, with a superseded first ranking, a later emerging record of the
   * same phrase, records of the week before (which the report of W47 must not show), and a missing
   * Thursday.
   */
  static List<Rec> week() {
    List<Rec> out = new ArrayList<>();
    LocalDate prev = MONDAY.minusDays(7);
    out.add(
        new Rec(
            Topics.TRENDING_TOPICS,
            "TOPIC@WEEK:" + prev,
            trending("TOPIC", prev, true, 0, List.of(entry(1, "cs.CL", 9, 0)))));
    out.add(
        new Rec(
            Topics.TRENDING_TOPICS,
            "TOPIC@WEEK:" + MONDAY,
            trending("TOPIC", MONDAY, false, 0, List.of(entry(1, "cs.CL", 5, 9)))));
    out.add(
        new Rec(
            Topics.TRENDING_TOPICS,
            "TOPIC@WEEK:" + MONDAY,
            trending(
                "TOPIC",
                MONDAY,
                true,
                1,
                List.of(
                    entry(1, "cs.CL", 12, 9), entry(2, "cs.LG", 6, 6), entry(3, "q-bio", 2, 0)))));
    out.add(
        new Rec(
            Topics.TRENDING_TOPICS,
            "KEYPHRASE@WEEK:" + MONDAY,
            trending(
                "KEYPHRASE",
                MONDAY,
                true,
                0,
                List.of(
                    entry(1, "diffusion models", 4, 2), entry(2, "state space models", 3, 0)))));
    PaperRef mamba = paper("2611.00001", "Mamba_2 | faster *state* spaces", 3);
    PaperRef s4 = paper("2611.00002", "S4 revisited", 1);
    out.add(
        new Rec(
            Topics.TOPIC_BURSTS,
            "KEYPHRASE:state space models@WEEK:" + MONDAY,
            burst(
                "KEYPHRASE",
                "state space models",
                "WEEK",
                MONDAY,
                3,
                0.25,
                0.0023,
                List.of(mamba, s4))));
    out.add(
        new Rec(
            Topics.TOPIC_BURSTS,
            "TOPIC:q-bio@DAY:" + MONDAY.plusDays(1),
            burst("TOPIC", "q-bio", "DAY", MONDAY.plusDays(1), 2, 0.1, 0.0047, List.of())));
    out.add(
        new Rec(
            Topics.TOPIC_BURSTS,
            "TOPIC:cs.CL@WEEK:" + prev,
            burst("TOPIC", "cs.CL", "WEEK", prev, 9, 2.0, 0.001, List.of())));
    out.add(
        new Rec(
            Topics.EMERGING_PHRASES,
            "state space models",
            emerging("state space models", MONDAY, MONDAY.plusDays(1), 2, List.of(mamba))));
    out.add(
        new Rec(
            Topics.EMERGING_PHRASES,
            "state space models",
            emerging("state space models", MONDAY, MONDAY.plusDays(4), 3, List.of(mamba, s4))));
    out.add(
        new Rec(
            Topics.EMERGING_PHRASES,
            "protein folding",
            emerging("protein folding", MONDAY.minusDays(3), MONDAY.plusDays(4), 2, List.of())));
    out.add(
        new Rec(
            Topics.STAYING_POWER,
            "WEEK:" + MONDAY,
            stayingPower(
                MONDAY,
                false,
                List.of(
                    staying(
                        1,
                        "2611.00001",
                        mamba.getTitle(),
                        3,
                        MONDAY.minusDays(10),
                        MONDAY.plusDays(4)),
                    staying(
                        2, "2611.00003", "A paper seen twice", 2, MONDAY, MONDAY.plusDays(1))))));
    out.add(
        new Rec(
            Topics.OPEN_CODE_SHARE,
            "cs.CL@WEEK:" + MONDAY,
            openCode("cs.CL", MONDAY, 12, 9, Map.of("github.com", 8L, "huggingface.co", 2L))));
    out.add(
        new Rec(
            Topics.OPEN_CODE_SHARE,
            "q-bio@WEEK:" + MONDAY,
            openCode("q-bio", MONDAY, 2, 0, Map.of())));
    for (int d = 0; d < 5; d++) {
      LocalDate date = MONDAY.plusDays(d);
      boolean thursday = d == 3;
      out.add(
          new Rec(
              Topics.DIGEST_HEALTH,
              date.toString(),
              health(date, thursday ? 0 : 1, thursday ? 0 : 4 + d, d == 1 ? 1 : 0, thursday, 0)));
    }
    // embeddings: two papers of the week (2611.00003 has none), and earlier papers, two of them
    // with the very same vector (a tie, broken by paperId)
    for (PaperEmbedding e :
        List.of(
            embedding("2611.00002", "S4 revisited", MONDAY.plusDays(1), 1, 0.3, 0),
            embedding(mamba.getPaperId(), mamba.getTitle(), MONDAY.minusDays(10), 1, 0.2, 0),
            embedding(
                "2610.00012", "Structured state spaces, again", MONDAY.minusDays(30), 1, 0, 0),
            embedding("2610.00010", "Structured state spaces", MONDAY.minusDays(30), 1, 0, 0),
            embedding("2610.00011", "Image diffusion", MONDAY.minusDays(20), 0, 1, 0),
            embedding("2611.00099", "Protein language models", MONDAY.plusDays(2), 0, 0, 1))) {
      out.add(new Rec(Topics.PAPER_EMBEDDINGS, e.getPaperId(), e));
    }
    // Friday came after the gap
    LocalDate friday = MONDAY.plusDays(4);
    out.add(new Rec(Topics.DIGEST_HEALTH, friday.toString(), health(friday, 1, 8, 0, false, 1)));
    return out;
  }

  /** A view fed {@link #week()}. */
  public static AnalyticsView view() {
    AnalyticsView view = AnalyticsView.latest(AnalyticsView.DEFAULT_MAX_WEEKS);
    for (Rec r : week()) {
      view.accept(r.topic(), r.key(), r.value());
    }
    return view;
  }
}
