package dev.paperspipeline.ingest;

import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Ingest throughput against Kafka's own {@link ProducerPerformance} on the same embedded broker in
 * the same run, at the same record size and producer settings. Run by hand (not a test):
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -pl ingest -am \
 *     -Dmdep.outputFile=/tmp/ingest-cp.txt -Dmdep.includeScope=test
 * java -cp ingest/target/test-classes:ingest/target/classes:$(cat /tmp/ingest-cp.txt) \
 *     dev.paperspipeline.ingest.IngestBenchmark [files=200] [papersPerFile=100] [rounds=3] \
 *     [maxRecordsPerTransaction=5000]
 * </pre>
 *
 * <p>Ingest does everything a real run does: reads and hashes each file, parses it, serializes Avro
 * through the schema registry, one transaction per file (papers + ledger entry). The baseline sends
 * random payloads of the average size of the records ingest sent to papers-raw (from its producer's
 * metrics) with a plain idempotent producer. Both use acks=all, the same linger and batch size, and
 * no compression (ProducerPerformance's random payloads would not compress like text, which would
 * skew the comparison).
 */
public final class IngestBenchmark {
  private static final Pattern RECORDS_PER_SEC =
      Pattern.compile("records sent, ([0-9.]+) records/sec");

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int papersPerFile = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int maxRecordsPerTransaction =
        args.length > 3
            ? Integer.parseInt(args[3])
            : IngestOptions.DEFAULT_MAX_RECORDS_PER_TRANSACTION;
    Path work = Files.createTempDirectory("ingest-bench-");
    Map<String, Object> tuning =
        Map.of(
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "none",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            128 * 1024);
    try (LocalStack stack = LocalStack.startEphemeral()) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("bench-baseline", 3, (short) 1))).all().get();
      }
      IngestOptions options =
          IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), work)
              .withTransactionalId("bench")
              .withProducerOverrides(tuning)
              .withMaxRecordsPerTransaction(maxRecordsPerTransaction);
      // Round 0 is a warm-up (JIT, schema registration, topic creation) and is not reported.
      List<double[]> results = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        List<Path> digests =
            writeDigests(work.resolve("round-" + round), round, files, papersPerFile);
        double ingestRate;
        long papers;
        double avgRecordBytes;
        try (DigestIngester ingester = DigestIngester.open(options)) {
          IngestSummary summary = BatchIngest.run(ingester, digests, null);
          ingestRate = summary.papersPerSecond();
          papers = summary.papers();
          avgRecordBytes = averageRecordBytes(ingester.producerMetrics(), Topics.PAPERS_RAW);
          System.out.printf(Locale.ROOT, "round %d ingest: %s%n", round, summary.format());
        }
        double baseline = producerPerformance(stack, papers, (int) Math.round(avgRecordBytes));
        System.out.printf(
            Locale.ROOT,
            "round %d: ingest %.0f records/s, ProducerPerformance %.0f records/s at %d bytes/record,"
                + " ratio %.2f%n",
            round,
            ingestRate,
            baseline,
            Math.round(avgRecordBytes),
            ingestRate / baseline);
        if (round > 0) {
          results.add(new double[] {ingestRate, baseline});
        }
      }
      double ingestSum = results.stream().mapToDouble(r -> r[0]).sum();
      double baseSum = results.stream().mapToDouble(r -> r[1]).sum();
      System.out.printf(
          Locale.ROOT,
          "mean over %d rounds: ingest %.0f records/s, ProducerPerformance %.0f records/s, ratio"
              + " %.2f%n",
          results.size(),
          ingestSum / results.size(),
          baseSum / results.size(),
          ingestSum / baseSum);
    } finally {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Bytes per record the producer sent to {@code topic} (key, headers and batch overhead included;
   * uncompressed here, since compression is off). From the per-topic {@code byte-total} and {@code
   * record-send-total}: the global {@code record-size-avg} is the mean of each batch's largest
   * record over every topic, which overstates it.
   */
  static double averageRecordBytes(Map<MetricName, ? extends Metric> metrics, String topic) {
    double bytes = 0;
    double records = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName name = e.getKey();
      if (!"producer-topic-metrics".equals(name.group())
          || !topic.equals(name.tags().get("topic"))) {
        continue;
      }
      if ("byte-total".equals(name.name())) {
        bytes += ((Number) e.getValue().metricValue()).doubleValue();
      } else if ("record-send-total".equals(name.name())) {
        records += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return records == 0 ? 0 : bytes / records;
  }

  private static List<Path> writeDigests(Path dir, int round, int files, int papersPerFile)
      throws Exception {
    Files.createDirectories(dir);
    List<Path> digests = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      digests.add(
          Files.writeString(
              dir.resolve(String.format(Locale.ROOT, "digest-%04d.txt", f)),
              DigestFixtures.digest("Round " + round + " file " + f, papersPerFile, 900),
              StandardCharsets.UTF_8));
    }
    return digests;
  }

  private static double producerPerformance(LocalStack stack, long records, int recordSize)
      throws Exception {
    List<String> ppArgs =
        List.of(
            "--topic",
            "bench-baseline",
            "--num-records",
            String.valueOf(records),
            "--record-size",
            String.valueOf(recordSize),
            "--throughput",
            "-1",
            "--producer-props",
            "bootstrap.servers=" + stack.bootstrapServers(),
            "acks=all",
            "enable.idempotence=true",
            "compression.type=none",
            "linger.ms=5",
            "batch.size=" + (128 * 1024));
    String out = captureStdout(() -> ProducerPerformance.main(ppArgs.toArray(String[]::new)));
    Matcher m = RECORDS_PER_SEC.matcher(out);
    double rate = -1;
    while (m.find()) {
      rate = Double.parseDouble(m.group(1));
    }
    return rate;
  }

  private interface Action {
    void run() throws Exception;
  }

  private static String captureStdout(Action action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      action.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
