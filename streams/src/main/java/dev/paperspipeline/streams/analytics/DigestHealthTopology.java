package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.StoreNames;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input health: {@code digest-files} → {@code digest-health}.
 *
 * <ul>
 *   <li>Input {@link Topics#DIGEST_FILES} (one {@link DigestFile} per file ingest handled),
 *       repartitioned ({@link StoreNames#HEALTH_REPARTITION}, one partition) so that every date is
 *       in one task and gaps can be seen. A record without a digest date is skipped (logged): it
 *       has no date to count on, except a file rejected whole (status ERROR), counted on the date
 *       it arrived ({@code processedAt}, UTC) so that it shows as rejected. A record seen before
 *       (same SHA-256, status and file name, e.g. a DUPLICATE written again after a crash between
 *       its commit and the file's move) counts once.
 *   <li>Per digest date: files (DONE and ERROR), papers, rejected, files rejected whole (ERROR),
 *       exact duplicates (DUPLICATE), near duplicates (a file whose papers were at least {@link
 *       DigestHealthOptions#nearDuplicateShare()} already listed by earlier files of the date), the
 *       file names in arrival order, and {@code gapDaysBefore}, the missing dates right before it.
 *   <li>Output {@link Topics#DIGEST_HEALTH} (compacted): key the ISO date, value {@link
 *       DigestHealth}; the date's record at every file, and whenever a date arrives, the dates
 *       around it that changed: every missing date between it and its neighbours with a file
 *       ({@code missing=true}, up to {@link DigestHealthOptions#maxMissingEmitted()} per gap), and
 *       the next date with a file (its {@code gapDaysBefore} changed). Weekends count as dates
 *       unless {@link DigestHealthOptions#weekendGaps()} is off.
 * </ul>
 */
public final class DigestHealthTopology {
  private static final Logger log = LoggerFactory.getLogger(DigestHealthTopology.class);
  private static final String ALL = "all";

  private DigestHealthTopology() {}

  /** Adds input health, reading {@code digest-files}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      DigestHealthOptions options,
      Serde<DigestFile> fileSerde,
      Serde<DigestHealth> healthSerde) {
    addTo(
        builder,
        builder.stream(
            Topics.DIGEST_FILES,
            Consumed.with(Serdes.String(), fileSerde)
                .withName(StoreNames.HEALTH_PROCESSOR + "-source")),
        options,
        fileSerde,
        healthSerde);
  }

  /** Adds the input health of {@code files} (the records of {@code digest-files}). */
  public static void addTo(
      StreamsBuilder builder,
      KStream<String, DigestFile> files,
      DigestHealthOptions options,
      Serde<DigestFile> fileSerde,
      Serde<DigestHealth> healthSerde) {
    SingleTaskStage.<DigestHealth>named(StoreNames.HEALTH_PROCESSOR, StoreNames.HEALTH_REPARTITION)
        .store(StoreNames.HEALTH_DATES, healthSerde)
        .stringStore(StoreNames.HEALTH_SEEN)
        .wire(
            builder,
            files,
            (k, v) -> KeyValue.pair(ALL, v),
            fileSerde,
            () -> new HealthProcessor(options),
            Topics.DIGEST_HEALTH,
            healthSerde);
  }

  private static final class HealthProcessor
      implements Processor<String, DigestFile, String, DigestHealth> {
    private final DigestHealthOptions options;
    private ProcessorContext<String, DigestHealth> context;
    private KeyValueStore<String, DigestHealth> dates;
    private KeyValueStore<String, String> seen;

    HealthProcessor(DigestHealthOptions options) {
      this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, DigestHealth> context) {
      this.context = context;
      this.dates = context.getStateStore(StoreNames.HEALTH_DATES);
      this.seen = context.getStateStore(StoreNames.HEALTH_SEEN);
    }

    @Override
    public void process(Record<String, DigestFile> record) {
      DigestFile file = record.value();
      LocalDate date = file.getDigestDate();
      boolean rejectedWhole = "ERROR".equals(file.getStatus());
      if (date == null && rejectedWhole) {
        // a file rejected whole (a wrong encoding) has no date of its own: it shows, as
        // rejected, on the day it arrived
        date = LocalDate.ofInstant(file.getProcessedAt(), ZoneOffset.UTC);
      }
      if (date == null) {
        log.warn(
            "{} ({}, {}): no digest date; not counted in digest-health",
            file.getFileName(),
            file.getStatus(),
            file.getFileSha256());
        return;
      }
      String fileKey =
          "file|" + file.getFileSha256() + "|" + file.getStatus() + "|" + file.getFileName();
      if (seen.get(fileKey) != null) {
        return;
      }
      seen.put(fileKey, "");
      String key = date.toString();
      DigestHealth stored = dates.get(key);
      boolean newDate = stored == null;
      DigestHealth health = newDate ? empty(date, false, 0) : stored;
      if ("DUPLICATE".equals(file.getStatus())) {
        health.setExactDuplicateFiles(health.getExactDuplicateFiles() + 1);
      } else {
        health.setFiles(health.getFiles() + 1);
        health.setPapers(health.getPapers() + file.getPapers());
        health.setRejected(health.getRejected() + file.getRejected());
        if (rejectedWhole) {
          health.setRejectedFiles(health.getRejectedFiles() + 1);
        }
        List<String> names = new ArrayList<>(health.getFileNames());
        names.add(file.getFileName());
        health.setFileNames(names);
        if (nearDuplicate(key, file.getPaperIds())) {
          health.setNearDuplicateFiles(health.getNearDuplicateFiles() + 1);
        }
      }
      long ts = record.timestamp();
      if (!newDate) {
        dates.put(key, health);
        context.forward(new Record<>(key, copy(health), ts));
        return;
      }
      LocalDate previous = neighbour(date, true);
      LocalDate next = neighbour(date, false);
      health.setGapDaysBefore(previous == null ? 0 : countedDaysBetween(previous, date));
      dates.put(key, health);
      if (previous != null) {
        emitMissing(previous, date, ts);
      }
      context.forward(new Record<>(key, copy(health), ts));
      if (next != null) {
        emitMissing(date, next, ts);
        DigestHealth following = dates.get(next.toString());
        following.setGapDaysBefore(countedDaysBetween(date, next));
        dates.put(next.toString(), following);
        context.forward(new Record<>(next.toString(), copy(following), ts));
      }
    }

    /** Whether enough of these papers were already listed that day; records them as listed. */
    private boolean nearDuplicate(String date, List<String> paperIds) {
      if (paperIds.isEmpty()) {
        return false;
      }
      int known = 0;
      List<String> distinct = paperIds.stream().distinct().toList();
      for (String id : distinct) {
        String k = "paper|" + date + "|" + id;
        if (seen.get(k) != null) {
          known++;
        } else {
          seen.put(k, "");
        }
      }
      return known >= options.nearDuplicateShare() * distinct.size();
    }

    /** The nearest earlier (or later) date with a file, or null. */
    private LocalDate neighbour(LocalDate date, boolean earlier) {
      try (KeyValueIterator<String, DigestHealth> it =
          earlier
              ? dates.reverseRange(null, date.minusDays(1).toString())
              : dates.range(date.plusDays(1).toString(), null)) {
        return it.hasNext() ? LocalDate.parse(it.next().key) : null;
      }
    }

    private boolean counted(LocalDate day) {
      return options.weekendGaps()
          || day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /** Counted dates strictly between two dates. */
    private int countedDaysBetween(LocalDate from, LocalDate to) {
      int n = 0;
      for (LocalDate d = from.plusDays(1); d.isBefore(to); d = d.plusDays(1)) {
        if (counted(d)) {
          n++;
        }
      }
      return n;
    }

    /** Emits the counted dates strictly between two dates with files as missing. */
    private void emitMissing(LocalDate from, LocalDate to, long ts) {
      int before = 0;
      int emitted = 0;
      for (LocalDate d = from.plusDays(1); d.isBefore(to); d = d.plusDays(1)) {
        if (!counted(d)) {
          continue;
        }
        if (emitted < options.maxMissingEmitted()) {
          context.forward(new Record<>(d.toString(), empty(d, true, before), ts));
          emitted++;
        }
        before++;
      }
    }

    private static DigestHealth empty(LocalDate date, boolean missing, int gapDaysBefore) {
      return DigestHealth.newBuilder()
          .setDigestDate(date)
          .setFiles(0)
          .setPapers(0)
          .setRejected(0)
          .setExactDuplicateFiles(0)
          .setNearDuplicateFiles(0)
          .setMissing(missing)
          .setGapDaysBefore(gapDaysBefore)
          .setFileNames(new ArrayList<>())
          .setRejectedFiles(0)
          .build();
    }

    private static DigestHealth copy(DigestHealth h) {
      return DigestHealth.newBuilder(h).build();
    }
  }
}
