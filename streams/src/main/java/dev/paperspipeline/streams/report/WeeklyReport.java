package dev.paperspipeline.streams.report;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.TrendingTopics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the output topics say about one ISO week, each part in the order it is shown: what
 * {@link ReportRenderer} writes and the dashboard's panels answer.
 *
 * @param week the week
 * @param topTopics the latest revision of the week's TOPIC ranking (WEEK window), or null
 * @param topKeyphrases the latest revision of the week's KEYPHRASE ranking (WEEK window), or null
 * @param bursts the latest record of each burst whose window's last day is in the week: the longest
 *     windows first, then by start date; within each, highest score first, then kind and name
 * @param emerging the latest record per phrase among those with {@code asOfDate} in the week,
 *     highest growth first, then most papers, then phrase
 * @param stayingPower the latest revision of the week's ranking, or null
 * @param openCode the latest record per topic, highest share first, then most papers, then topic
 * @param health the seven dates of the week, Monday first, each with its latest record (null when
 *     digest-health has none for that date)
 * @param lastWeekWithDataBefore the latest earlier week with papers or a digest file that the
 *     reader saw, or null when none: when it is not the week right before, that week had no digest
 *     and the rankings' previous counts are a gap, not zeros
 * @param baselineWeeksWithData how many of the {@link
 *     dev.paperspipeline.streams.analytics.BurstOptions#DEFAULT_WEEK_BASELINE} weeks before this
 *     one had data: the burst detector's baseline for the week
 */
public record WeeklyReport(
    IsoWeek week,
    TrendingTopics topTopics,
    TrendingTopics topKeyphrases,
    List<TopicBurst> bursts,
    List<EmergingPhrase> emerging,
    StayingPower stayingPower,
    List<OpenCodeShare> openCode,
    Map<LocalDate, DigestHealth> health,
    IsoWeek lastWeekWithDataBefore,
    int baselineWeeksWithData) {
  public WeeklyReport {
    bursts = List.copyOf(bursts);
    emerging = List.copyOf(emerging);
    openCode = List.copyOf(openCode);
    health = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(health));
  }

  /** Whether the ISO week right before this one had a digest (papers or a file). */
  public boolean previousWeekHadDigest() {
    return lastWeekWithDataBefore != null
        && lastWeekWithDataBefore.monday().equals(week.monday().minusWeeks(1));
  }

  /** Whether no output topic had anything for the week. */
  public boolean isEmpty() {
    return topTopics == null
        && topKeyphrases == null
        && bursts.isEmpty()
        && emerging.isEmpty()
        && stayingPower == null
        && openCode.isEmpty()
        && health.values().stream().allMatch(java.util.Objects::isNull);
  }
}
