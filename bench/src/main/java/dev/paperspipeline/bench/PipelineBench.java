package dev.paperspipeline.bench;

import dev.paperspipeline.bench.KafkaBenchSupport.PerfResult;
import dev.paperspipeline.bench.KafkaBenchSupport.TopicFlow;
import dev.paperspipeline.bench.KafkaBenchSupport.TopicSize;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.BatchIngest;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.PipelineLag;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.enrich.EnrichTopology;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import dev.paperspipeline.streams.trends.TrendsOptions;
import dev.paperspipeline.streams.trends.TrendsTopology;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code papers bench}: one run on the in-process broker that measures, on one generated corpus,
 * the ceilings (Kafka's {@code ProducerPerformance} at the same record count and size; a
 * bytes-in/bytes-out Kafka Streams pass-through over each stage's input) next to ingest, each
 * topology alone, the full pipeline end to end, the latency of one file at half the end-to-end
 * capacity, memory, and the start-up time of the embedded stack.
 *
 * <p>Four fresh stacks are used: a throwaway one to warm up the JVM with a fifth of the ingest, A
 * for the ceilings, ingest and each topology alone (each stage's input is the output of the
 * previous stage's run), B for the end-to-end run, C for latency. A topology alone starts paused
 * and is timed from its resume, once RUNNING with all its stream threads, to the first of two
 * consecutive lag-0 reads, polled every {@value #POLL_MS} ms, so a drain includes up to one commit
 * interval (100 ms under exactly-once) plus one poll.
 *
 * <p>{@link Options#stages()} narrows the run to some stages (each with its ceiling): the stages a
 * selected one reads from still run on stack A to fill its input, unmeasured, and rows, lines and
 * stacks of stages not selected are left out.
 */
public final class PipelineBench {
  private static final Logger log = LoggerFactory.getLogger(PipelineBench.class);
  private static final long POLL_MS = 50;
  private static final String PERF_TOPIC = "bench-producer-perf";
  private static final String PASS_THROUGH_PREFIX = "bench-pass-";
  // in the name of every stream thread: <application.id>-<uuid>-StreamThread-<n>
  private static final String STREAM_THREAD = "-StreamThread-";

  /**
   * Partitions of the topics each topology alone reads and writes (stack A, and the warm-up stack):
   * a partition is a task, the unit a stream thread takes, and 6 is divisible by 1, 2 and 3
   * threads, so that the enrich stage on two threads runs 3 tasks each. The end-to-end stacks keep
   * the pipeline's default ({@link TopicsCreator#DEFAULT_PARTITIONS}), as {@code papers streams}
   * creates them.
   */
  static final int STAGE_PARTITIONS = 6;

  /** A stage of the pipeline that can be measured on its own, with its ceiling. */
  public enum Stage {
    /** Ingest next to ProducerPerformance. */
    INGEST,
    /** The dedupe topology next to a pass-through over papers-raw. */
    DEDUPE,
    /** The enrich topology next to a pass-through over papers-unique. */
    ENRICH,
    /** The trends topology next to a pass-through over papers-enriched. */
    TRENDS,
    /** The full pipeline end to end, then latency at half its capacity and memory. */
    E2E;

    /** The stage named {@code name} (case-insensitive), e.g. {@code dedupe}. */
    public static Stage parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown stage '" + name + "': expected one of " + EnumSet.allOf(Stage.class), e);
      }
    }
  }

  /**
   * What to run.
   *
   * @param papers distinct papers of the corpus
   * @param papersPerDigest distinct papers first listed per digest (sets the number of files)
   * @param seed generator seed
   * @param workDir where the corpus and the streams state go
   * @param latencyBudget longest time spent feeding files for the latency measurement
   * @param timeout longest wait for any one stage to drain
   * @param stages the stages to measure (not empty)
   * @param warmUpStreams also run the measured stages' topologies and pass-throughs (all three
   *     topologies for {@link Stage#E2E}) over the warm-up stack's fifth of the corpus, so that
   *     their code is compiled before it is timed
   */
  public record Options(
      int papers,
      int papersPerDigest,
      long seed,
      Path workDir,
      Duration latencyBudget,
      Duration timeout,
      Set<Stage> stages,
      boolean warmUpStreams) {
    public Options {
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("no stage to measure");
      }
      stages = Set.copyOf(stages);
    }

    /** Options measuring every stage. */
    public Options(
        int papers,
        int papersPerDigest,
        long seed,
        Path workDir,
        Duration latencyBudget,
        Duration timeout) {
      this(
          papers,
          papersPerDigest,
          seed,
          workDir,
          latencyBudget,
          timeout,
          EnumSet.allOf(Stage.class),
          false);
    }
  }

  /**
   * One measured stage: {@code records} input records (papers, sightings included) of {@code bytes}
   * serialized value bytes in {@code seconds}; compared with {@code ceiling} when set.
   */
  public record Row(
      String stage,
      long records,
      long bytes,
      double seconds,
      String ceiling,
      Double ceilingRate,
      long recordsOut) {
    Row(String stage, long records, long bytes, double seconds, String ceiling, Double rate) {
      this(stage, records, bytes, seconds, ceiling, rate, -1);
    }

    public double recordsPerSecond() {
      return records / seconds;
    }

    public double mbPerSecond() {
      return bytes / 1e6 / seconds;
    }

    /** This stage's rate over its ceiling's, or null without one. */
    public Double ratio() {
      return ceilingRate == null ? null : recordsPerSecond() / ceilingRate;
    }
  }

  /**
   * Everything measured. Without {@link Stage#INGEST} the ProducerPerformance line is null; without
   * {@link Stage#E2E} the latencies are empty and the memory figures -1.
   */
  public record Result(
      Options options,
      int files,
      long corpusBytes,
      double averagePaperEventBytes,
      List<Row> rows,
      String producerPerformanceLine,
      List<Long> startupMillis,
      double latencyRatePapersPerSecond,
      List<Long> latencyMillis,
      long heapUsedBytes,
      long heapMaxBytes,
      long rssBytes,
      String loadBefore,
      String loadAfter,
      List<FlowRow> flows,
      List<String> targets) {

    public long latencyPercentile(double p) {
      if (latencyMillis.isEmpty()) {
        return -1;
      }
      List<Long> sorted = new ArrayList<>(latencyMillis);
      Collections.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The results as a markdown table plus the latency, memory and start-up lines. */
    public String markdown() {
      StringBuilder b = new StringBuilder();
      b.append(
          "| stage | papers | MB | seconds | papers/s | MB/s | ceiling | × ceiling | records out |\n"
              + "|---|---:|---:|---:|---:|---:|---|---:|---:|\n");
      for (Row r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %.1f | %.2f | %,.0f | %.1f | %s | %s | %s |%n",
                r.stage(),
                r.records(),
                r.bytes() / 1e6,
                r.seconds(),
                r.recordsPerSecond(),
                r.mbPerSecond(),
                r.ceiling() == null ? "" : r.ceiling(),
                r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                r.recordsOut() < 0 ? "" : String.format(Locale.ROOT, "%,d", r.recordsOut())));
      }
      b.append('\n');
      b.append(
          String.format(
              Locale.ROOT,
              "- corpus: %,d distinct papers, %d digest files, %.1f MB of text; average serialized"
                  + " PaperEvent %.0f bytes%n",
              options.papers(),
              files,
              corpusBytes / 1e6,
              averagePaperEventBytes));
      for (String t : targets) {
        b.append("- ").append(t).append('\n');
      }
      if (options.stages().contains(Stage.E2E)) {
        appendEndToEndLines(b);
      }
      if (!flows.isEmpty()) {
        appendFlows(b);
      }
      b.append(
          String.format(
              "- embedded stack (broker + registry) ready in: %s ms (first start in a cold JVM:"
                  + " warm-up stack; then stacks %s)%n",
              startupMillis, stacks()));
      if (producerPerformanceLine != null) {
        b.append(String.format("- ProducerPerformance said: `%s`%n", producerPerformanceLine));
      }
      b.append(String.format("- load average before: %s; after: %s%n", loadBefore, loadAfter));
      return b.toString();
    }

    /** The names of the stacks this run started after the warm-up one. */
    private String stacks() {
      List<String> names = new ArrayList<>();
      if (!options.stages().equals(Set.of(Stage.E2E))) {
        names.add("A");
      }
      if (options.stages().contains(Stage.E2E)) {
        names.add("B");
        names.add("D (chained identity)");
        names.add("C");
      }
      return String.join(", ", names);
    }

    private void appendFlows(StringBuilder b) {
      b.append(
          "\nWritten per sighting (papers-raw record), end to end, from the producers' per-topic"
              + " metrics (wire bytes: compressed batches; `<app>` is the application id):\n\n"
              + "| topic | records | wire bytes | uncompressed bytes | chained identity: records |"
              + " chained identity: wire bytes |\n"
              + "|---|---:|---:|---:|---:|---:|\n");
      for (FlowRow f : flows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %.3f | %.0f | %.0f | %.3f | %.0f |%n",
                f.topic(),
                f.records(),
                f.wireBytes(),
                f.uncompressedBytes(),
                f.identityRecords(),
                f.identityWireBytes()));
      }
    }

    private void appendEndToEndLines(StringBuilder b) {
      b.append(
          String.format(
              Locale.ROOT,
              "- latency, file handed to the ingester → its trend counts committed (pipeline lag"
                  + " 0), %d files at %,.0f papers/s: p50 %d ms, p99 %d ms, max %d ms%n",
              latencyMillis.size(),
              latencyRatePapersPerSecond,
              latencyPercentile(50),
              latencyPercentile(99),
              latencyMillis.isEmpty() ? -1 : Collections.max(latencyMillis)));
      b.append(
          String.format(
              Locale.ROOT,
              "- memory after the end-to-end run, all state stores loaded, after GC: heap used %d"
                  + " MB (max %d MB), RSS %d MB%n",
              heapUsedBytes >> 20,
              heapMaxBytes >> 20,
              rssBytes >> 20));
    }
  }

  /**
   * What the pipeline (and the chained identity) wrote to one topic, per sighting: records, wire
   * bytes (compressed) and uncompressed bytes (keys, values, headers); the last row sums them.
   */
  public record FlowRow(
      String topic,
      double records,
      double wireBytes,
      double uncompressedBytes,
      double identityRecords,
      double identityWireBytes) {}

  static List<FlowRow> flowRows(
      Map<String, TopicFlow> pipeline, Map<String, TopicFlow> identity, long sightings) {
    List<FlowRow> rows = new ArrayList<>();
    double[] total = new double[5];
    Set<String> topics = new java.util.TreeSet<>(pipeline.keySet());
    topics.addAll(identity.keySet());
    for (String topic : topics) {
      TopicFlow p = pipeline.getOrDefault(topic, new TopicFlow(topic, 0, 0, 1));
      TopicFlow i = identity.getOrDefault(topic, new TopicFlow(topic, 0, 0, 1));
      FlowRow row =
          new FlowRow(
              topic,
              (double) p.records() / sightings,
              p.wireBytes() / sightings,
              p.uncompressedRecordBytes() * p.records() / sightings,
              (double) i.records() / sightings,
              i.wireBytes() / sightings);
      rows.add(row);
      total[0] += row.records();
      total[1] += row.wireBytes();
      total[2] += row.uncompressedBytes();
      total[3] += row.identityRecords();
      total[4] += row.identityWireBytes();
    }
    rows.add(new FlowRow("**all topics**", total[0], total[1], total[2], total[3], total[4]));
    return rows;
  }

  /** The shape of the pipeline's run (per processor input), for the chained identity. */
  static ChainedIdentity.Shape shape(Map<String, TopicFlow> flows, long sightings) {
    double firsts = Math.max(1, records(flows, Topics.PAPERS_UNIQUE));
    String hitsTopic = "<app>-" + StoreNames.TRENDS_REPARTITION + "-repartition";
    double hits = Math.max(1, records(flows, hitsTopic));
    String dedupeChangelog = "<app>-" + StoreNames.DEDUPE_SIGHTINGS + "-changelog";
    Map<String, ChainedIdentity.Flow> trendStores = new java.util.TreeMap<>();
    for (String topic : flows.keySet()) {
      if (topic.endsWith("-changelog") && !topic.equals(dedupeChangelog)) {
        String store = topic.substring("<app>-".length(), topic.length() - "-changelog".length());
        trendStores.put(store, flow(flows, topic, hits));
      }
    }
    return new ChainedIdentity.Shape(
        flow(flows, dedupeChangelog, sightings),
        flow(flows, Topics.PAPER_SIGHTINGS, sightings),
        flow(flows, Topics.PAPERS_UNIQUE, firsts),
        flow(flows, Topics.PAPERS_ENRICHED, firsts),
        flow(flows, hitsTopic, firsts),
        trendStores,
        flow(flows, Topics.TOPIC_TRENDS, hits),
        flow(flows, Topics.TRENDING_TOPICS, hits));
  }

  private static double records(Map<String, TopicFlow> flows, String topic) {
    TopicFlow f = flows.get(topic);
    return f == null ? 0 : f.records();
  }

  /** Records of {@code topic} per input of its writer, and their average size. */
  private static ChainedIdentity.Flow flow(
      Map<String, TopicFlow> flows, String topic, double inputs) {
    TopicFlow f = flows.get(topic);
    if (f == null || f.records() == 0) {
      return new ChainedIdentity.Flow(0, 1);
    }
    return new ChainedIdentity.Flow(
        f.records() / inputs, (int) Math.round(f.uncompressedRecordBytes()));
  }

  private final Options options;
  private final Consumer<String> progress;
  private final List<Long> startups = new ArrayList<>();
  // Trend windows must stay open for the whole corpus, and its oldest day within the trends
  // retention (see streamsProperties).
  private Duration trendsGrace = Duration.ofDays(7);
  private Duration trendsRetention = TrendsOptions.DEFAULT_RETENTION;
  private String progressPrefix = "";
  // What the enrich topology sent to the model, for the model's ceiling.
  private RecordingEmbedder recorder;
  // Papers/s of the model alone over those texts on one thread (null until the enrich stage ran).
  private Double modelCeilingRate;
  private final List<String> targets = new ArrayList<>();
  private boolean warmingUp;

  public PipelineBench(Options options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs every measurement; takes a few minutes at 200,000 papers on two cores. */
  public Result run() throws Exception {
    Set<Stage> stages = options.stages();
    String loadBefore = loadAverage();
    Path corpus = options.workDir().resolve("corpus");
    int digests = Math.max(1, options.papers() / options.papersPerDigest());
    DigestGenerator.Summary generated =
        new DigestGenerator(options.papers(), digests, options.seed(), firstDigest(digests))
            .generate(corpus);
    progress.accept(
        String.format(
            "corpus: %d files, %d sightings of %d papers, %.1f MB",
            generated.files().size(),
            generated.sightings(),
            generated.distinctPapers(),
            generated.bytes() / 1e6));
    trendsGrace = Duration.ofDays(generated.files().size() + 7L);
    long corpusAgeDays =
        java.time.temporal.ChronoUnit.DAYS.between(
            firstDigest(digests), LocalDate.now(java.time.ZoneOffset.UTC));
    if (corpusAgeDays + 7 > trendsRetention.toDays()) {
      trendsRetention = Duration.ofDays(corpusAgeDays + 7);
    }

    // stack A: ingest, then each topology over the previous one's output
    Stage lastOnA = null;
    for (Stage s : List.of(Stage.TRENDS, Stage.ENRICH, Stage.DEDUPE, Stage.INGEST)) {
      if (lastOnA == null && stages.contains(s)) {
        lastOnA = s;
      }
    }

    // Warm-up on a throwaway stack: the first ingest in a cold JVM is slowed by JIT compilation
    // and class loading, which is not what the bench measures.
    try (LocalStack stack = startStack();
        DigestIngester ingester = ingester(stack, "bench-warmup", STAGE_PARTITIONS)) {
      List<Path> files = generated.files();
      BatchIngest.run(ingester, files.subList(0, Math.max(1, files.size() / 5)), null);
      // A topology's first run in the JVM is its code's first run too: the JIT compiler would
      // compete with the stream thread for the CPU while it is timed.
      Stage warmLast = stages.contains(Stage.E2E) ? Stage.TRENDS : lastOnA;
      if (options.warmUpStreams() && warmLast != null && warmLast != Stage.INGEST) {
        progressPrefix = "warm-up: ";
        warmingUp = true;
        try (Admin admin = admin(stack)) {
          topologies(stack, admin, new ArrayList<>(), warmLast, stages, "bench-warm-");
        } finally {
          progressPrefix = "";
          warmingUp = false;
        }
      }
    }

    List<Row> rows = new ArrayList<>();
    double avgSize = Double.NaN;
    PerfResult perf = null;
    if (lastOnA != null) {
      try (LocalStack stack = startStack();
          Admin admin = admin(stack)) {
        String bs = stack.bootstrapServers();
        // ingest alone
        Row ingest;
        try (DigestIngester ingester = ingester(stack, "bench-ingest-a", STAGE_PARTITIONS)) {
          long t0 = System.nanoTime();
          IngestSummary s = BatchIngest.run(ingester, generated.files(), null);
          double seconds = secondsSince(t0);
          TopicSize raw = KafkaBenchSupport.topicSize(bs, Topics.PAPERS_RAW);
          avgSize = raw.averageValueBytes();
          ingest =
              new Row(
                  String.format(
                      Locale.ROOT,
                      "ingest (parse + Avro + produce, whole files per txn, commit at ≥ %,d"
                          + " records)",
                      IngestOptions.DEFAULT_MAX_RECORDS_PER_TRANSACTION),
                  s.papers(),
                  raw.valueBytes(),
                  seconds,
                  null,
                  null);
          progress.accept("ingest: " + s.format());
        }
        if (stages.contains(Stage.INGEST)) {
          perf = producerPerformance(admin, bs, ingest.records(), avgSize);
          rows.add(
              new Row(
                  "ceiling: ProducerPerformance",
                  perf.records(),
                  Math.round(perf.records() * Math.round(avgSize)),
                  perf.records() / perf.recordsPerSecond(),
                  null,
                  null));
          rows.add(
              new Row(
                  ingest.stage(),
                  ingest.records(),
                  ingest.bytes(),
                  ingest.seconds(),
                  "ProducerPerformance",
                  perf.recordsPerSecond()));
        }

        topologies(stack, admin, rows, lastOnA, stages, "bench-");
      }
    }
    if (!stages.contains(Stage.E2E)) {
      return new Result(
          options,
          generated.files().size(),
          generated.bytes(),
          avgSize,
          rows,
          perf == null ? null : perf.line(),
          List.copyOf(startups),
          0,
          List.of(),
          -1,
          -1,
          -1,
          loadBefore,
          loadAverage(),
          List.of(),
          List.copyOf(targets));
    }

    // the full pipeline, files in -> trend counts out
    Row e2e;
    Map<String, TopicFlow> pipelineFlows;
    long heapUsed;
    long heapMax;
    long rss;
    try (LocalStack stack = startStack();
        Admin admin = admin(stack)) {
      TopicsCreator.ensureAll(stack.bootstrapServers());
      String appId = "bench-e2e";
      try (StreamsApp app = StreamsApp.start(streamsProperties(stack, appId));
          DigestIngester ingester = ingester(stack, "bench-ingest-b")) {
        awaitRunning(app.streams());
        long t0 = System.nanoTime();
        IngestSummary s = BatchIngest.run(ingester, generated.files(), null);
        progress.accept(
            String.format(
                Locale.ROOT, "end to end: ingest done after %.1f s; draining", secondsSince(t0)));
        double seconds = awaitPipelineDrained(admin, appId, t0, s.papers());
        if (Double.isNaN(avgSize)) {
          avgSize =
              KafkaBenchSupport.topicSize(stack.bootstrapServers(), Topics.PAPERS_RAW)
                  .averageValueBytes();
        }
        e2e =
            new Row(
                "full pipeline end to end (files → trend counts)",
                s.papers(),
                Math.round(s.papers() * avgSize),
                seconds,
                null,
                null);
        progress.accept(
            String.format(Locale.ROOT, "end to end: %.0f papers/s", e2e.recordsPerSecond()));
        pipelineFlows = KafkaBenchSupport.producedByTopic(app.streams(), appId);
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        heapUsed = memory.getHeapMemoryUsage().getUsed();
        heapMax = Runtime.getRuntime().maxMemory();
        rss = residentBytes();
      }
    }

    // the end-to-end ceiling: the same shape, no work, files in -> records out
    ChainedIdentity.Shape shape = shape(pipelineFlows, e2e.records());
    Map<String, TopicFlow> identityFlows;
    Row identity;
    try (LocalStack stack = startStack();
        Admin admin = admin(stack)) {
      TopicsCreator.ensureAll(stack.bootstrapServers());
      String appId = "bench-identity";
      Properties props = streamsProperties(stack, appId);
      try (KafkaStreams streams =
              new KafkaStreams(
                  ChainedIdentity.build(shape, PipelineConfig.dedupeHorizon(props)), props);
          DigestIngester ingester = ingester(stack, "bench-ingest-d")) {
        streams.start();
        awaitRunning(streams);
        long t0 = System.nanoTime();
        IngestSummary s = BatchIngest.run(ingester, generated.files(), null);
        double seconds =
            awaitDrained(admin, appId, ChainedIdentity.inputTopics(appId), t0, s.papers());
        identity =
            new Row(
                "ceiling: chained identity (the pipeline's topics, stores and writes; no work)",
                s.papers(),
                Math.round(s.papers() * avgSize),
                seconds,
                null,
                null);
        identityFlows = KafkaBenchSupport.producedByTopic(streams, appId);
        progress.accept(
            String.format(
                Locale.ROOT, "chained identity: %.0f papers/s", identity.recordsPerSecond()));
      }
    }
    rows.add(identity);
    rows.add(
        new Row(
            e2e.stage(),
            e2e.records(),
            e2e.bytes(),
            e2e.seconds(),
            "chained identity",
            identity.recordsPerSecond()));
    double e2eCeiling = identity.recordsPerSecond();
    String e2eCeilingName = "the chained identity";
    if (modelCeilingRate != null && modelCeilingRate < e2eCeiling) {
      e2eCeiling = modelCeilingRate;
      e2eCeilingName = "the model alone (1 thread, from the enrich stage)";
      rows.add(
          new Row(
              e2e.stage(),
              e2e.records(),
              e2e.bytes(),
              e2e.seconds(),
              "model, 1 thread",
              modelCeilingRate));
    }
    targets.add(
        target(
            "end to end over its ceiling, " + e2eCeilingName,
            e2e.recordsPerSecond() / e2eCeiling,
            0.6));
    List<FlowRow> flows = flowRows(pipelineFlows, identityFlows, e2e.records());

    // latency at half the end-to-end capacity
    double rate = e2e.recordsPerSecond() / 2;
    List<Long> latencies = new ArrayList<>();
    try (LocalStack stack = startStack();
        Admin admin = admin(stack)) {
      TopicsCreator.ensureAll(stack.bootstrapServers());
      String appId = "bench-latency";
      try (StreamsApp app = StreamsApp.start(streamsProperties(stack, appId));
          DigestIngester ingester = ingester(stack, "bench-ingest-c")) {
        awaitRunning(app.streams());
        long budgetEnd = System.nanoTime() + options.latencyBudget().toNanos();
        long next = System.nanoTime();
        long ingestedRaw = 0;
        for (int i = 0; i < generated.files().size() && System.nanoTime() < budgetEnd; i++) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          long t0 = System.nanoTime();
          ingestedRaw += ingester.ingest(generated.files().get(i)).papers();
          awaitPipelineDrained(admin, appId, t0, ingestedRaw);
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
          latencies.add(ms);
          next = t0 + (long) (generated.papersPerFile().get(i) / rate * 1e9);
        }
        progress.accept(
            String.format(
                Locale.ROOT, "latency: %d files at %.0f papers/s", latencies.size(), rate));
      }
    }
    return new Result(
        options,
        generated.files().size(),
        generated.bytes(),
        avgSize,
        rows,
        perf == null ? null : perf.line(),
        List.copyOf(startups),
        rate,
        latencies,
        heapUsed,
        heapMax,
        rss,
        loadBefore,
        loadAverage(),
        flows,
        List.copyOf(targets));
  }

  /**
   * Runs the topologies up to {@code last} on {@code stack}, each over the previous one's output
   * (papers-raw must be filled); those in {@code measured} with their pass-through ceilings, as
   * rows. App ids start with {@code appIdPrefix}.
   */
  private void topologies(
      LocalStack stack,
      Admin admin,
      List<Row> rows,
      Stage last,
      Set<Stage> measured,
      String appIdPrefix)
      throws Exception {
    Properties base = streamsProperties(stack, "unused");
    PipelineSerdes serdes = PipelineSerdes.avro(stack.schemaRegistryUrl());
    if (last.compareTo(Stage.DEDUPE) >= 0) {
      Topology dedupe =
          DedupeTopology.build(
              PipelineConfig.dedupeHorizon(base),
              serdes.paperEvent(),
              serdes.uniquePaper(),
              serdes.paperSighting());
      stage(
          stack,
          admin,
          rows,
          appIdPrefix,
          measured.contains(Stage.DEDUPE),
          "dedupe",
          Topics.PAPERS_RAW,
          dedupe,
          List.of(),
          List.of(Topics.PAPERS_UNIQUE, Topics.PAPER_SIGHTINGS));
    }
    if (last.compareTo(Stage.ENRICH) >= 0 && measured.contains(Stage.ENRICH) && !warmingUp) {
      enrichStage(stack, admin, rows, appIdPrefix, serdes);
    } else if (last.compareTo(Stage.ENRICH) >= 0) {
      Topology enrich =
          EnrichTopology.build(
              PaperEnricher.loadDefault(),
              Clock.systemUTC(),
              serdes.uniquePaper(),
              serdes.enrichedPaper(),
              serdes.paperEmbedding());
      stage(
          stack,
          admin,
          rows,
          appIdPrefix,
          measured.contains(Stage.ENRICH),
          "enrich",
          Topics.PAPERS_UNIQUE,
          enrich,
          List.of(),
          List.of(Topics.PAPERS_ENRICHED));
    }
    if (last.compareTo(Stage.TRENDS) >= 0) {
      Topology trends =
          TrendsTopology.build(
              PipelineConfig.trendsOptions(base),
              serdes.enrichedPaper(),
              serdes.topicTrend(),
              serdes.trendingTopics());
      stage(
          stack,
          admin,
          rows,
          appIdPrefix,
          measured.contains(Stage.TRENDS),
          "trends",
          Topics.PAPERS_ENRICHED,
          trends,
          List.of(appIdPrefix + "trends-" + StoreNames.TRENDS_REPARTITION + "-repartition"),
          List.of(Topics.TOPIC_TRENDS, Topics.TRENDING_TOPICS));
    }
  }

  /**
   * The enrich stage against its two ceilings: the pass-through over papers-unique, and the model
   * alone embedding again, in this JVM and on as many threads, exactly the texts the topology sent
   * it (recorded on the way). Then the topology on two stream threads against one, and a day's
   * digest enriched in process on one thread.
   */
  private void enrichStage(
      LocalStack stack, Admin admin, List<Row> rows, String appIdPrefix, PipelineSerdes serdes)
      throws Exception {
    String input = Topics.PAPERS_UNIQUE;
    TopicSize size = KafkaBenchSupport.topicSize(stack.bootstrapServers(), input);
    int partitions =
        admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions().size();
    String out = PASS_THROUGH_PREFIX + input;
    KafkaBenchSupport.createTopic(admin, out, STAGE_PARTITIONS);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    double passSeconds =
        drain(stack, admin, appIdPrefix + "pass-enrich", builder.build(), List.of(input)).seconds();
    Row pass =
        new Row(
            "ceiling: pass-through over " + input,
            size.records(),
            size.valueBytes(),
            passSeconds,
            null,
            null,
            size.records());
    rows.add(pass);

    if (recorder == null) {
      recorder = new RecordingEmbedder(MiniLmEmbedder.shared());
    }
    double[] seconds = new double[3];
    Drained[] drains = new Drained[3];
    List<String> texts = List.of();
    long recordsOut = 0;
    for (int threads = 1; threads <= 2; threads++) {
      recorder.clear();
      // a new enricher per run: its phrase cache starts cold
      Topology enrich =
          EnrichTopology.build(
              PaperEnricher.loadDefault(recorder),
              Clock.systemUTC(),
              serdes.uniquePaper(),
              serdes.enrichedPaper(),
              serdes.paperEmbedding());
      drains[threads] =
          drain(
              stack,
              admin,
              appIdPrefix + "enrich-" + threads + "t",
              enrich,
              List.of(input),
              threads);
      seconds[threads] = drains[threads].seconds();
      if (threads == 1) {
        texts = recorder.texts();
        // Both runs write to papers-enriched: count the first run's output.
        recordsOut =
            KafkaBenchSupport.topicSize(stack.bootstrapServers(), Topics.PAPERS_ENRICHED).records();
      }
      progress.accept(
          progressPrefix
              + String.format(
                  Locale.ROOT,
                  "enrich, %d stream thread(s): %.0f papers/s, %,d texts embedded; CPU per paper:"
                      + " stream threads %.0f µs, process %.0f µs",
                  threads,
                  size.records() / seconds[threads],
                  recorder.texts().size(),
                  drains[threads].streamThreadCpuSeconds() * 1e6 / size.records(),
                  drains[threads].cpuSeconds() * 1e6 / size.records()));
    }
    if (texts.isEmpty()) {
      // No enrichment called the model: there is no model ceiling to compare with.
      for (int threads = 1; threads <= 2; threads++) {
        rows.add(
            new Row(
                String.format(
                    Locale.ROOT,
                    "enrich topology alone, %d stream thread(s) (no text sent to the model)",
                    threads),
                size.records(),
                size.valueBytes(),
                seconds[threads],
                "pass-through",
                pass.recordsPerSecond(),
                recordsOut));
      }
      targets.add("enrich over the model alone: no enrichment called the model");
    } else {
      modelRows(rows, size, drains, texts, recordsOut);
    }
    targets.add(
        target(
            "enrich, 2 stream threads over 1 ("
                + Runtime.getRuntime().availableProcessors()
                + " cores; "
                + input
                + " has "
                + partitions
                + " partitions, so 2 threads run "
                + (partitions + 1) / 2
                + " and "
                + partitions / 2
                + " tasks)",
            seconds[1] / seconds[2],
            1.7));
    double[] digest = ModelCeiling.digestSeconds(DAY_DIGEST_PAPERS, options.seed());
    rows.add(
        new Row(
            String.format(
                Locale.ROOT,
                "a day's digest, %d generated papers, enriched in process on one thread (new"
                    + " enricher; %.2f s of thread CPU)",
                DAY_DIGEST_PAPERS,
                digest[1]),
            DAY_DIGEST_PAPERS,
            0,
            digest[0],
            null,
            null));
    targets.add(
        String.format(
            Locale.ROOT,
            "a day's digest (%d papers) on one thread: %.1f s (target < 10 s: %s)",
            DAY_DIGEST_PAPERS,
            digest[0],
            digest[0] < 10 ? "met" : "missed"));
  }

  /**
   * The model's ceiling over {@code texts} on one and two threads, and enrich against it: by the
   * wall clock (the rows), and by CPU per paper of the model's threads against the stream threads'
   * (a ratio that a loaded machine disturbs less).
   */
  private void modelRows(
      List<Row> rows, TopicSize size, Drained[] drains, List<String> texts, long recordsOut)
      throws InterruptedException {
    double[] modelSeconds = new double[3];
    for (int threads = 1; threads <= 2; threads++) {
      ModelCeiling.Timing timing =
          ModelCeiling.embedSeconds(MiniLmEmbedder.shared(), texts, threads);
      modelSeconds[threads] = timing.seconds();
      Row model =
          new Row(
              String.format(
                  Locale.ROOT,
                  "ceiling: the model alone, %d thread(s) (the %,d texts the topology embedded,"
                      + " %.1f per paper)",
                  threads,
                  texts.size(),
                  (double) texts.size() / size.records()),
              size.records(),
              size.valueBytes(),
              modelSeconds[threads],
              null,
              null);
      rows.add(model);
      rows.add(
          new Row(
              String.format(Locale.ROOT, "enrich topology alone, %d stream thread(s)", threads),
              size.records(),
              size.valueBytes(),
              drains[threads].seconds(),
              "model, " + threads + " thread(s)",
              model.recordsPerSecond(),
              recordsOut));
      targets.add(
          target(
              "enrich over the model alone, " + threads + " thread(s)",
              modelSeconds[threads] / drains[threads].seconds(),
              0.8));
      double modelCpu = timing.cpuSeconds() * 1e6 / size.records();
      double streamCpu = drains[threads].streamThreadCpuSeconds() * 1e6 / size.records();
      targets.add(
          String.format(
              Locale.ROOT,
              "CPU per paper, %d thread(s): the model alone %,.0f µs, the enrich stream threads"
                  + " %,.0f µs (%.2f×), the whole process during the drain %,.0f µs",
              threads,
              modelCpu,
              streamCpu,
              modelCpu / streamCpu,
              drains[threads].cpuSeconds() * 1e6 / size.records()));
    }
    modelCeilingRate = size.records() / modelSeconds[1];
  }

  private static final int DAY_DIGEST_PAPERS = 150;

  private static String target(String what, double ratio, double goal) {
    return String.format(
        Locale.ROOT,
        "%s: %.2f× (target ≥ %.1f×: %s)",
        what,
        ratio,
        goal,
        ratio >= goal ? "met" : "missed");
  }

  /** ProducerPerformance: same records, same average size, same producer tuning as ingest. */
  private PerfResult producerPerformance(Admin admin, String bs, long records, double avgSize)
      throws Exception {
    KafkaBenchSupport.createTopic(admin, PERF_TOPIC, STAGE_PARTITIONS);
    Properties producer = new Properties();
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
    producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    PerfResult perf =
        KafkaBenchSupport.producerPerformance(
            bs, PERF_TOPIC, records, (int) Math.round(avgSize), producer);
    progress.accept("ProducerPerformance: " + perf.line());
    return perf;
  }

  /**
   * Runs {@code topology} over {@code input} until drained: measured next to its pass-through
   * ceiling when {@code measured}, else only to fill the next stage's input.
   */
  private void stage(
      LocalStack stack,
      Admin admin,
      List<Row> rows,
      String appIdPrefix,
      boolean measured,
      String name,
      String input,
      Topology topology,
      List<String> internalTopics,
      List<String> outputs)
      throws Exception {
    if (measured) {
      stagePair(stack, admin, rows, appIdPrefix, name, input, topology, internalTopics, outputs);
      return;
    }
    List<String> topics = new ArrayList<>(internalTopics);
    topics.add(0, input);
    double seconds = drain(stack, admin, appIdPrefix + name, topology, topics).seconds();
    progress.accept(
        progressPrefix
            + String.format(Locale.ROOT, "%s (input of the next stage): %.1f s", name, seconds));
  }

  /** Pass-through over {@code input}, then {@code topology} over the same input. */
  private void stagePair(
      LocalStack stack,
      Admin admin,
      List<Row> rows,
      String appIdPrefix,
      String name,
      String input,
      Topology topology,
      List<String> internalTopics,
      List<String> outputs)
      throws Exception {
    TopicSize size = KafkaBenchSupport.topicSize(stack.bootstrapServers(), input);
    String out = PASS_THROUGH_PREFIX + input;
    KafkaBenchSupport.createTopic(admin, out, STAGE_PARTITIONS);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Drained passDrain =
        drain(stack, admin, appIdPrefix + "pass-" + name, builder.build(), List.of(input));
    double passSeconds = passDrain.seconds();
    Row pass =
        new Row(
            "ceiling: pass-through over " + input,
            size.records(),
            size.valueBytes(),
            passSeconds,
            null,
            null,
            size.records());
    rows.add(pass);
    List<String> topics = new ArrayList<>(internalTopics);
    topics.add(0, input);
    Drained drained = drain(stack, admin, appIdPrefix + name, topology, topics);
    double seconds = drained.seconds();
    long recordsOut = 0;
    for (String topic : outputs) {
      recordsOut += KafkaBenchSupport.topicSize(stack.bootstrapServers(), topic).records();
    }
    rows.add(
        new Row(
            name + " topology alone",
            size.records(),
            size.valueBytes(),
            seconds,
            "pass-through",
            pass.recordsPerSecond(),
            recordsOut));
    progress.accept(
        progressPrefix
            + String.format(
                Locale.ROOT,
                "%s: pass-through %.0f records/s, topology %.0f records/s; process CPU per input"
                    + " record: pass-through %.0f µs, topology %.0f µs (× %.2f)",
                name,
                pass.recordsPerSecond(),
                size.records() / seconds,
                passDrain.cpuSeconds() * 1e6 / size.records(),
                drained.cpuSeconds() * 1e6 / size.records(),
                passDrain.cpuSeconds() / drained.cpuSeconds()));
  }

  /**
   * A drain: wall-clock seconds, and CPU seconds over the same span of this whole process (broker
   * included) and of the app's stream threads alone: figures that a loaded machine disturbs less
   * than the wall clock.
   */
  private record Drained(double seconds, double cpuSeconds, double streamThreadCpuSeconds) {}

  /** CPU time of this process so far, or 0 where the JVM does not tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  /** Runs {@code topology} as app {@code appId} until its lag over {@code topics} is 0. */
  private Drained drain(
      LocalStack stack, Admin admin, String appId, Topology topology, List<String> topics)
      throws Exception {
    return drain(stack, admin, appId, topology, topics, 0);
  }

  /**
   * As above, on {@code threads} stream threads (0: the configured number). A stateless app (the
   * pass-throughs, enrich) starts paused and is resumed, and timed, once every stream thread holds
   * tasks and together they hold every input partition, so that no record is processed before the
   * clock starts (a thread that got its tasks first would otherwise process while the others join,
   * the app REBALANCING). An app with state stores is timed from its first RUNNING state instead:
   * paused, its tasks are not restored, so it never reaches RUNNING nor lists its tasks; it runs on
   * the configured single thread, so no thread waits for another. It is drained when two
   * consecutive reads, {@value #POLL_MS} ms apart, find every input partition that holds records
   * committed up to its last stable offset (a partition with no commit counts from 0).
   */
  private Drained drain(
      LocalStack stack,
      Admin admin,
      String appId,
      Topology topology,
      List<String> topics,
      int threads)
      throws Exception {
    Properties props = streamsProperties(stack, appId);
    if (threads > 0) {
      props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    }
    try (KafkaStreams streams = new KafkaStreams(topology, props)) {
      streams.setUncaughtExceptionHandler(
          e -> {
            log.error("bench app {} failed", appId, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          });
      boolean stateless = stateless(topology);
      if (stateless) {
        streams.pause();
      }
      streams.start();
      if (stateless) {
        awaitAssigned(admin, streams, topics);
      } else {
        awaitRunning(streams);
      }
      if (PipelineLag.total(admin, appId, topics) == 0) {
        throw new IllegalStateException(appId + ": nothing to drain in " + topics);
      }
      long cpuAtStart = processCpuNanos();
      long threadsAtStart = ModelCeiling.threadsCpuNanos(appId, STREAM_THREAD);
      long start = System.nanoTime();
      streams.resume();
      long deadline = start + options.timeout().toNanos();
      int zeros = 0;
      long firstZero = 0;
      long cpuAtZero = 0;
      long threadsAtZero = 0;
      while (System.nanoTime() < deadline) {
        if (streams.state() == KafkaStreams.State.ERROR
            || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException(appId + " stopped: " + streams.state());
        }
        if (PipelineLag.total(admin, appId, topics) == 0) {
          if (zeros++ == 0) {
            cpuAtZero = processCpuNanos();
            threadsAtZero = ModelCeiling.threadsCpuNanos(appId, STREAM_THREAD);
            firstZero = System.nanoTime();
          }
          if (zeros >= 2) {
            return new Drained(
                (firstZero - start) / 1e9,
                (cpuAtZero - cpuAtStart) / 1e9,
                (threadsAtZero - threadsAtStart) / 1e9);
          }
        } else {
          zeros = 0;
        }
        Thread.sleep(POLL_MS);
      }
      throw new IllegalStateException(appId + " did not drain within " + options.timeout());
    }
  }

  private double awaitPipelineDrained(Admin admin, String appId, long t0, long rawRecords)
      throws Exception {
    return awaitDrained(admin, appId, PipelineLag.inputTopics(appId), t0, rawRecords);
  }

  /** Sum of the group's committed offsets on papers-raw (records read, markers included). */
  private static long committedRaw(Admin admin, String groupId) throws Exception {
    return admin
        .listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .filter(e -> e.getKey().topic().equals(Topics.PAPERS_RAW) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  private double awaitDrained(
      Admin admin, String appId, List<String> topics, long t0, long minRawCommitted)
      throws Exception {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (System.nanoTime() < deadline) {
      long lag;
      try {
        lag = PipelineLag.total(admin, appId, topics);
      } catch (ExecutionException e) {
        lag = -1; // the repartition topic appears when the app first starts
      }
      // Lag 0 is not enough: a transaction's commit returns before its markers are written, so
      // for a moment the last stable offset of papers-raw can still be behind what was ingested.
      if (lag == 0 && committedRaw(admin, appId) >= minRawCommitted) {
        return secondsSince(t0);
      }
      Thread.sleep(POLL_MS / 5);
    }
    throw new IllegalStateException(appId + " did not drain within " + options.timeout());
  }

  /** Whether {@code topology} has no state store, global or not. */
  static boolean stateless(Topology topology) {
    TopologyDescription d = topology.describe();
    return d.globalStores().isEmpty()
        && d.subtopologies().stream()
            .flatMap(s -> s.nodes().stream())
            .noneMatch(n -> n instanceof TopologyDescription.Processor p && !p.stores().isEmpty());
  }

  /**
   * Waits until every stream thread of {@code streams} holds active tasks and together they hold
   * every partition of {@code topics}.
   */
  private void awaitAssigned(Admin admin, KafkaStreams streams, List<String> topics)
      throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (!assigned(admin, streams, topics)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("streams app not assigned its tasks: " + streams.state());
      }
      Thread.sleep(POLL_MS);
    }
  }

  private static boolean assigned(Admin admin, KafkaStreams streams, List<String> topics)
      throws InterruptedException {
    if (streams.state() != KafkaStreams.State.RUNNING
        && streams.state() != KafkaStreams.State.REBALANCING) {
      if (streams.state() == KafkaStreams.State.ERROR
          || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("streams app stopped: " + streams.state());
      }
      return false;
    }
    Set<TopicPartition> wanted = new HashSet<>();
    try {
      for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
        d.partitions().forEach(p -> wanted.add(new TopicPartition(d.name(), p.partition())));
      }
    } catch (ExecutionException e) {
      return false; // an internal topic the app creates when it first joins
    }
    Set<TopicPartition> held = new HashSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      if (thread.activeTasks().isEmpty()) {
        return false;
      }
      thread.activeTasks().forEach(t -> held.addAll(t.topicPartitions()));
    }
    return held.containsAll(wanted);
  }

  private void awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("streams app not RUNNING: " + streams.state());
      }
      Thread.sleep(POLL_MS);
    }
  }

  private LocalStack startStack() {
    long t0 = System.nanoTime();
    LocalStack stack = LocalStack.startEphemeral();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    startups.add(ms);
    progress.accept("embedded stack ready in " + ms + " ms");
    return stack;
  }

  private static Admin admin(LocalStack stack) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }

  private DigestIngester ingester(LocalStack stack, String transactionalId) throws IOException {
    return ingester(stack, transactionalId, TopicsCreator.DEFAULT_PARTITIONS);
  }

  /** An ingester that creates the pipeline's topics with {@code partitions} partitions. */
  private DigestIngester ingester(LocalStack stack, String transactionalId, int partitions)
      throws IOException {
    Path home = Files.createDirectories(options.workDir().resolve(transactionalId));
    return DigestIngester.open(
        IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), home)
            .withTransactionalId(transactionalId)
            .withTopicLayout(partitions, 0));
  }

  private Properties streamsProperties(LocalStack stack, String appId) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    overrides.put(
        StreamsConfig.STATE_DIR_CONFIG,
        options.workDir().resolve("streams-state").toAbsolutePath().toString());
    // As papers demo: a whole corpus (one digest a day) lands at once, and the tasks upstream of
    // the trends repartition run through it at different paces, so event time reaches trends
    // days out of order. A grace shorter than the corpus closed windows early and dropped a
    // quarter of the hits as late, which made trends look faster than it is.
    overrides.put(PipelineConfig.TRENDS_GRACE, trendsGrace.toString());
    // A 2,000-digest corpus (1,000,000 papers) starts more than the default three years ago:
    // trends would send its oldest papers to papers-dead-letter instead of counting them.
    overrides.put(PipelineConfig.TRENDS_RETENTION, trendsRetention.toString());
    return PipelineConfig.streamsProperties(
        stack.bootstrapServers(), stack.schemaRegistryUrl(), overrides);
  }

  /**
   * 2025-01-01, or earlier when the corpus would reach past yesterday: digest dates in the future
   * are not digests (the parser moves them a year back).
   */
  static LocalDate firstDigest(int digests) {
    LocalDate fixed = LocalDate.of(2025, 1, 1);
    LocalDate latest = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(digests + 1L);
    return fixed.isBefore(latest) ? fixed : latest;
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Resident set size of this process (VmRSS), or -1 where /proc is missing. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("no /proc/self/status: {}", e.toString());
    }
    return -1;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
