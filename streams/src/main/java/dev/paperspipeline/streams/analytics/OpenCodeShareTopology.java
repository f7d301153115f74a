package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.state.OpenCodePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.EmitInterval;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.StoreValueSerde;
import dev.paperspipeline.streams.enrich.LinkExtractor;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.TrendsOptions;
import dev.paperspipeline.streams.trends.WindowLifecycle;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Open-code share: {@code papers-enriched} → {@code open-code-share}.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_ENRICHED}: only topics, codeLinks and digestDate are read (event
 *       time = digest date at midnight UTC, the record timestamp when it is unknown). Each paper is
 *       reduced to a short string and repartitioned ({@link StoreNames#OPEN_CODE_REPARTITION}, one
 *       partition) so that every week and the clock that closes it are in one task.
 *   <li>A paper counts once per topic and week ({@link StoreNames#OPEN_CODE_MEMBERS}), with code
 *       when it has a valid link to a code repository ({@link LinkExtractor.Kind#isCodeRepository}:
 *       GitHub or another forge), once per host of those links, in the week of its earliest digest
 *       date: read again with an earlier date (a revision of papers-enriched) it moves there, with
 *       a later one it stays. Model and dataset hubs, project pages, leaderboards and URL
 *       shorteners are not code.
 *   <li>Output {@link Topics#OPEN_CODE_SHARE}: key {@code <topic>@WEEK:<start ISO date>}, value
 *       {@link OpenCodeShare}; every changed record once per {@code commit.interval.ms} ({@code
 *       partial} while the week has days to come by the trends clock), a final record when the week
 *       closes (its end plus {@link TrendsOptions#grace()}, checked every {@link
 *       TrendsOptions#closeCheckInterval()}), and a revision (final, revision + 1) when a late
 *       paper changes a closed week.
 * </ul>
 */
public final class OpenCodeShareTopology {
  /** The window of the share. */
  static final TrendWindow WINDOW_TYPE = TrendWindow.WEEK;

  /** The window name in keys and records. */
  public static final String WINDOW = WINDOW_TYPE.name();

  // the scope of the share's windows in their lifecycle
  private static final String SCOPE = "CODE";

  private OpenCodeShareTopology() {}

  /** Adds the open-code share, reading {@code papers-enriched}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      TrendsOptions options,
      Serde<EnrichedPaper> enrichedSerde,
      Serde<OpenCodeShare> shareSerde) {
    addTo(
        builder,
        builder.stream(
            Topics.PAPERS_ENRICHED,
            Consumed.with(Serdes.String(), enrichedSerde)
                .withName(StoreNames.OPEN_CODE_PROCESSOR + "-source")),
        options,
        shareSerde);
  }

  /**
   * Adds the open-code share of {@code enriched} (the papers of {@code papers-enriched}, for a
   * topology that reads that topic once for several outputs).
   */
  public static void addTo(
      StreamsBuilder builder,
      KStream<String, EnrichedPaper> enriched,
      TrendsOptions options,
      Serde<OpenCodeShare> shareSerde) {
    SingleTaskStage.<OpenCodeShare>named(
            StoreNames.OPEN_CODE_PROCESSOR, StoreNames.OPEN_CODE_REPARTITION)
        .store(
            StoreNames.OPEN_CODE_MEMBERS,
            StoreValueSerde.of(StoreNames.OPEN_CODE_MEMBERS, OpenCodePaper.class))
        .store(StoreNames.OPEN_CODE_COUNTS, shareSerde)
        .stringStore(StoreNames.OPEN_CODE_WEEKS)
        .stringStore(StoreNames.OPEN_CODE_DIRTY)
        .wire(
            builder,
            enriched,
            (k, v) -> KeyValue.pair(WINDOW, CodePaper.encode(k, v)),
            Serdes.String(),
            () -> new ShareProcessor(options),
            Topics.OPEN_CODE_SHARE,
            shareSerde);
  }

  /**
   * The part of an enriched paper the share needs, as one line: {@code <event ms>\t<0|1 has
   * code>\t<topics, comma-separated>\t<hosts, space-separated>\t<paperId>}.
   */
  record CodePaper(
      long eventMs, boolean hasCode, List<String> topics, Set<String> hosts, String id) {
    static String encode(String key, EnrichedPaper p) {
      long eventMs =
          p.getDigestDate() != null
              ? p.getDigestDate().toEpochDay() * TrendWindow.DAY_MS
              : p.getEnrichedAt().toEpochMilli();
      boolean hasCode = false;
      Set<String> hosts = new LinkedHashSet<>();
      for (CodeLink link : p.getCodeLinks()) {
        if (!link.getValid() || !codeRepository(link)) {
          continue;
        }
        hasCode = true;
        String host = host(link.getUrl());
        if (host != null) {
          hosts.add(host);
        }
      }
      String id = key != null ? key : p.getPaperId();
      return eventMs
          + "\t"
          + (hasCode ? "1" : "0")
          + "\t"
          + String.join(",", new LinkedHashSet<>(p.getTopics()))
          + "\t"
          + String.join(" ", hosts)
          + "\t"
          + id;
    }

    /**
     * Whether a link is a code repository (GITHUB or CODE_HOST), classified again from its url:
     * papers enriched before a forge was known carry OTHER for it, and a leaderboard, a URL
     * shortener or a dataset host carried OTHER too.
     */
    static boolean codeRepository(CodeLink link) {
      return LinkExtractor.Kind.of(LinkExtractor.normalize(link.getUrl()).getKind())
          .isCodeRepository();
    }

    static CodePaper decode(String line) {
      String[] f = line.split("\t", 5);
      return new CodePaper(
          Long.parseLong(f[0]),
          "1".equals(f[1]),
          f[2].isEmpty() ? List.of() : List.of(f[2].split(",")),
          f[3].isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(f[3].split(" "))),
          f[4]);
    }

    /** The paper as the members store holds it. */
    OpenCodePaper toState() {
      return new OpenCodePaper(eventMs, hasCode, topics, new ArrayList<>(hosts), id);
    }

    static CodePaper of(OpenCodePaper state) {
      return new CodePaper(
          state.getEventMs(),
          state.getHasCode(),
          state.getTopics(),
          new LinkedHashSet<>(state.getHosts()),
          state.getPaperId());
    }

    static String host(String url) {
      try {
        String host = URI.create(url.trim()).getHost();
        return host == null ? null : host.toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /**
   * Members-store key of the paper as it was counted ({@code paper|<paperId>}), so that a paper
   * read again with an earlier digest date moves, and one with a later date does not count again.
   */
  static final String PAPER_PREFIX = "paper|";

  private static final class ShareProcessor
      implements Processor<String, String, String, OpenCodeShare> {
    private static final StringSerializer KEYS = new StringSerializer();
    private final TrendsOptions options;
    private ProcessorContext<String, OpenCodeShare> context;
    private KeyValueStore<String, OpenCodePaper> members;
    private KeyValueStore<String, OpenCodeShare> counts;
    private WindowLifecycle weeks;

    ShareProcessor(TrendsOptions options) {
      this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, OpenCodeShare> context) {
      this.context = context;
      this.members = context.getStateStore(StoreNames.OPEN_CODE_MEMBERS);
      this.counts = context.getStateStore(StoreNames.OPEN_CODE_COUNTS);
      this.weeks =
          new WindowLifecycle(
              context.getStateStore(StoreNames.OPEN_CODE_WEEKS),
              context.getStateStore(StoreNames.OPEN_CODE_DIRTY),
              options.grace(),
              options.maxSkew());
      weeks.restore(context.currentSystemTimeMs());
      context.schedule(
          EmitInterval.of(context).interval(), PunctuationType.WALL_CLOCK_TIME, this::emitDirty);
      context.schedule(options.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::close);
    }

    @Override
    public void process(Record<String, String> record) {
      CodePaper paper = CodePaper.decode(record.value());
      String paperKey = PAPER_PREFIX + paper.id();
      OpenCodePaper counted = members.get(paperKey);
      if (counted != null) {
        CodePaper before = CodePaper.of(counted);
        long day = Math.floorDiv(paper.eventMs(), TrendWindow.DAY_MS);
        long countedDay = Math.floorDiv(before.eventMs(), TrendWindow.DAY_MS);
        if (day > countedDay) {
          return; // counted on its earlier date already
        }
        if (day < countedDay) {
          members.put(paperKey, paper.toState());
          if (WINDOW_TYPE.start(before.eventMs()) != WINDOW_TYPE.start(paper.eventMs())) {
            remove(before);
          }
        }
      } else {
        members.put(paperKey, paper.toState());
      }
      weeks.observe(paper.eventMs(), context.currentSystemTimeMs());
      long start = WINDOW_TYPE.start(paper.eventMs());
      weeks.open(window(start));
      String week = TrendWindow.isoDate(start);
      for (String topic : paper.topics()) {
        String memberKey = week + "|" + topic + "|" + paper.id();
        if (members.get(memberKey) != null) {
          continue; // a paper counts once per topic and week
        }
        members.put(memberKey, paper.toState());
        String key = week + "|" + topic;
        OpenCodeShare share = counts.get(key);
        if (share == null) {
          share = empty(topic, start);
        }
        share.setPapers(share.getPapers() + 1);
        if (paper.hasCode()) {
          share.setPapersWithCode(share.getPapersWithCode() + 1);
        }
        Map<String, Long> hosts = new TreeMap<>(share.getHosts());
        for (String host : paper.hosts()) {
          hosts.merge(host, 1L, Long::sum);
        }
        share.setHosts(new HashMap<>(hosts));
        share.setShare((double) share.getPapersWithCode() / share.getPapers());
        counts.put(key, share);
        weeks.mark(key);
      }
    }

    private static WindowLifecycle.Window window(long start) {
      return new WindowLifecycle.Window(SCOPE, WINDOW_TYPE, start);
    }

    /**
     * A paper moved to an earlier week (papers-enriched's revision after an earlier digest was read
     * late): it leaves the week it was counted in, whose shares go down (a topic left with no paper
     * is emitted with 0 papers).
     */
    private void remove(CodePaper paper) {
      String week = TrendWindow.isoDate(WINDOW_TYPE.start(paper.eventMs()));
      for (String topic : paper.topics()) {
        String memberKey = week + "|" + topic + "|" + paper.id();
        if (members.get(memberKey) == null) {
          continue;
        }
        members.delete(memberKey);
        String key = week + "|" + topic;
        OpenCodeShare share = counts.get(key);
        if (share == null) {
          continue;
        }
        share.setPapers(Math.max(0, share.getPapers() - 1));
        if (paper.hasCode()) {
          share.setPapersWithCode(Math.max(0, share.getPapersWithCode() - 1));
        }
        Map<String, Long> hosts = new TreeMap<>(share.getHosts());
        for (String host : paper.hosts()) {
          hosts.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
        }
        share.setHosts(new HashMap<>(hosts));
        share.setShare(
            share.getPapers() == 0 ? 0 : (double) share.getPapersWithCode() / share.getPapers());
        counts.put(key, share);
        weeks.mark(key);
      }
    }

    private static OpenCodeShare empty(String topic, long start) {
      return OpenCodeShare.newBuilder()
          .setTopic(topic)
          .setWindow(WINDOW)
          .setWindowStart(Instant.ofEpochMilli(start))
          .setWindowEnd(Instant.ofEpochMilli(WINDOW_TYPE.end(start)))
          .setPapers(0)
          .setPapersWithCode(0)
          .setShare(0)
          .setHosts(new HashMap<>())
          .build();
    }

    /** Marks final, and emits, every topic of the weeks that closed; then the other changes. */
    private void close(long wallMs) {
      long now = weeks.now(wallMs);
      Set<String> closedNow = new java.util.HashSet<>();
      for (WindowLifecycle.Window closed : weeks.closeDue(now)) {
        String prefix = TrendWindow.isoDate(closed.start()) + "|";
        try (KeyValueIterator<String, OpenCodeShare> it = counts.prefixScan(prefix, KEYS)) {
          while (it.hasNext()) {
            var kv = it.next();
            OpenCodeShare share = kv.value;
            share.setFinal$(true);
            share.setPartial(false);
            counts.put(kv.key, share);
            closedNow.add(kv.key);
            forward(kv.key, share, wallMs);
          }
        }
      }
      emit(wallMs, closedNow);
    }

    private void emitDirty(long wallMs) {
      emit(wallMs, Set.of());
    }

    /** Emits every marked share but those just emitted as closed. */
    private void emit(long wallMs, Set<String> skip) {
      long now = weeks.now(wallMs);
      List<String> keys = weeks.marked();
      weeks.emitted();
      for (String key : keys) {
        if (skip.contains(key)) {
          continue;
        }
        OpenCodeShare share = counts.get(key);
        if (share == null) {
          continue;
        }
        long start = share.getWindowStart().toEpochMilli();
        if (weeks.isClosed(window(start))) {
          share.setFinal$(true);
          share.setRevision(share.getRevision() + 1);
          share.setPartial(false);
        } else {
          share.setPartial(WINDOW_TYPE.isPartial(start, now));
        }
        counts.put(key, share);
        forward(key, share, wallMs);
      }
    }

    private void forward(String storeKey, OpenCodeShare share, long timestamp) {
      String topic = storeKey.substring(storeKey.indexOf('|') + 1);
      String key = topic + "@" + WINDOW + ":" + storeKey.substring(0, storeKey.indexOf('|'));
      context.forward(new Record<>(key, OpenCodeShare.newBuilder(share).build(), timestamp));
    }
  }
}
