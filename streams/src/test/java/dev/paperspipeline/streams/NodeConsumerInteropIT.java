package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output topic read as a Node.js consumer reads it: kafkajs from the in-process broker,
 * read_committed, with the {@code kafkajs-lz4} codec (ingest writes LZ4 batches), values decoded by
 * Confluent's {@code @confluentinc/schemaregistry} Avro deserializer against our registry. Each
 * topic's records, as {@code key|a few decoded fields}, equal what a Java read_committed consumer
 * decodes. Runs {@code registry/src/test/node/consume.js}; skipped when {@code node} or the
 * packages ({@code npm ci --prefix registry/src/test/node}) are missing.
 */
class NodeConsumerInteropIT {
  private static final Path NODE_DIR = Path.of("..", "registry", "src", "test", "node");
  private static final String APP_ID = "papers-node-interop-it";
  private static final int PAPERS = 40;
  private static final int DIGESTS = 3;

  /**
   * Per output topic, the decoded fields a record is summarized by; {@code consume.js} takes the
   * same ones.
   */
  private static final Map<String, Summary<?>> OUTPUT_TOPICS =
      Map.of(
          Topics.PAPERS_RAW,
          new Summary<>(
              PaperEvent.class,
              v ->
                  Stream.of(
                      v.getPaperId(), v.getLineage().getFileName(), v.getLineage().getOrdinal())),
          Topics.PAPERS_UNIQUE,
          new Summary<>(UniquePaper.class, v -> Stream.of(v.getPaperId(), v.getSightings())),
          Topics.PAPER_SIGHTINGS,
          new Summary<>(PaperSighting.class, v -> Stream.of(v.getPaperId(), v.getSightings())),
          Topics.PAPERS_ENRICHED,
          new Summary<>(
              EnrichedPaper.class,
              v -> Stream.of(v.getPaperId(), String.join(",", v.getTopics()), v.getWordCount())),
          Topics.TOPIC_TRENDS,
          new Summary<>(
              TopicTrend.class,
              v -> Stream.of(v.getKind(), v.getName(), v.getWindow(), v.getCount(), v.getFinal$())),
          Topics.TRENDING_TOPICS,
          new Summary<>(
              TrendingTopics.class,
              v ->
                  Stream.of(
                      v.getKind(),
                      v.getWindow(),
                      v.getEntries().stream()
                          .map(TrendEntry::getName)
                          .collect(Collectors.joining(",")),
                      v.getFinal$())),
          Topics.DEAD_LETTER,
          new Summary<>(DeadLetter.class, v -> Stream.of(v.getStage(), v.getRawSize())));

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static LocalStack stack;
  private static int sightings;

  private record Summary<T extends SpecificRecord>(Class<T> type, Function<T, Stream<?>> fields) {
    String of(Object value) {
      return fields.apply(type.cast(value)).map(String::valueOf).collect(Collectors.joining(":"));
    }
  }

  private static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ingest (LZ4 batches, one rejected entry) and the streams app, run to the end and stopped. */
  @BeforeAll
  static void runThePipeline() throws Exception {
    assumeTrue(nodeAvailable(), "node is not installed");
    for (String module : List.of("@confluentinc/schemaregistry", "kafkajs", "kafkajs-lz4")) {
      assumeTrue(
          Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(module)),
          "run: npm ci --prefix registry/src/test/node");
    }
    stack = LocalStack.startEphemeral();
    TopicsCreator.ensureAll(stack.bootstrapServers());
    DigestGenerator generator =
        new DigestGenerator(PAPERS, DIGESTS, 7, LocalDate.parse("2026-11-02"));
    List<Path> files = generator.generate(dir.resolve("in")).files();
    // a title whose abstract never comes: ingest dead-letters it inside the file's transaction
    Files.writeString(
        files.get(DIGESTS - 1),
        "\n\nAn Orphan Title Whose Abstract Never Came\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    try (DigestIngester ingester =
        DigestIngester.open(
            IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), dir))) {
      int rejected = 0;
      for (Path file : files) {
        FileOutcome outcome = ingester.ingest(file);
        sightings += outcome.papers();
        rejected += outcome.rejected();
      }
      assertThat(rejected).isEqualTo(1);
    }

    Map<String, Object> overrides =
        Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG,
            APP_ID,
            StreamsConfig.STATE_DIR_CONFIG,
            Files.createDirectories(dir.resolve("state")).toString(),
            StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
            "earliest",
            // the digests are dated weeks before the wall clock: keep every window open
            PipelineConfig.TRENDS_GRACE,
            "P3650D");
    try (StreamsApp app =
            StreamsApp.start(
                PipelineConfig.streamsProperties(
                    stack.bootstrapServers(), stack.schemaRegistryUrl(), overrides));
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () ->
                  app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                      && PipelineLag.total(admin, APP_ID) == 0
                      && count(Topics.TRENDING_TOPICS) > 0);
    }
    // The app is closed: from here on every topic stays as it is, once the coordinator has written
    // the markers of the last transactions (a commit returns before they are written).
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  ends(admin, IsolationLevel.READ_COMMITTED)
                      .equals(ends(admin, IsolationLevel.READ_UNCOMMITTED)));
    }
  }

  private static Map<TopicPartition, Long> ends(Admin admin, IsolationLevel isolation)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (var d : admin.describeTopics(OUTPUT_TOPICS.keySet()).allTopicNames().get().values()) {
      d.partitions()
          .forEach(
              p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin
        .listOffsets(request, new ListOffsetsOptions(isolation))
        .all()
        .get()
        .forEach((p, info) -> out.put(p, info.offset()));
    return out;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldReadEveryOutputTopicWithKafkajsAndConfluentsDeserializerAsJavaDoes() throws Exception {
    Map<String, List<String>> java = new TreeMap<>();
    for (String topic : OUTPUT_TOPICS.keySet()) {
      java.put(topic, readWithJava(topic));
    }
    Node node = node(String.join(",", OUTPUT_TOPICS.keySet()));

    assertThat(node.exitCode()).as(node.err()).isZero();
    JsonNode read = JSON.readTree(node.out());
    for (String topic : OUTPUT_TOPICS.keySet()) {
      List<String> byNode = new ArrayList<>();
      read.get(topic).forEach(n -> byNode.add(n.asText()));
      assertThat(byNode).as("records of %s read by kafkajs", topic).hasSameSizeAs(java.get(topic));
      assertThat(byNode).as(topic).containsExactlyInAnyOrderElementsOf(java.get(topic));
    }
    assertThat(java.get(Topics.PAPERS_RAW)).hasSize(sightings);
    assertThat(java.get(Topics.PAPERS_UNIQUE)).hasSize(PAPERS);
    assertThat(java.get(Topics.PAPERS_ENRICHED)).hasSize(PAPERS);
    assertThat(java.get(Topics.DEAD_LETTER))
        .singleElement()
        .asString()
        .contains(DigestIngester.STAGE_ENTRY);
    assertThat(java.get(Topics.TOPIC_TRENDS)).isNotEmpty();
    assertThat(java.get(Topics.TRENDING_TOPICS)).isNotEmpty();
  }

  @Test
  void shouldFailToReadPapersRawWithKafkajsWithoutTheLz4Codec() throws Exception {
    Node node = node(Topics.PAPERS_RAW, "--without-lz4");

    assertThat(node.exitCode()).isNotZero();
    assertThat(node.err()).contains("LZ4 compression not implemented");
  }

  private record Node(int exitCode, String out, String err) {}

  private Node node(String topics, String... more) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "node", "consume.js", stack.bootstrapServers(), stack.schemaRegistryUrl(), topics));
    command.addAll(List.of(more));
    Path err = dir.resolve("node-stderr-" + System.nanoTime() + ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(NODE_DIR.toFile())
            .redirectError(err.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("node finished").isTrue();
    return new Node(p.exitValue(), out, Files.readString(err));
  }

  /** Every committed record of {@code topic}, summarized as {@code consume.js} does. */
  private static List<String> readWithJava(String topic) {
    Summary<?> summary = OUTPUT_TOPICS.get(topic);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, ? extends SpecificRecord> consumer = consumer(summary.type())) {
      readToEnd(
          consumer,
          topic,
          (key, value) ->
              out.add(
                  (key == null ? "" : key) + "|" + (value == null ? "null" : summary.of(value))));
    }
    return out;
  }

  private static long count(String topic) {
    long[] n = {0};
    try (KafkaConsumer<String, ? extends SpecificRecord> consumer =
        consumer(OUTPUT_TOPICS.get(topic).type())) {
      readToEnd(consumer, topic, (key, value) -> n[0]++);
    }
    return n[0];
  }

  private static void readToEnd(
      KafkaConsumer<String, ? extends SpecificRecord> consumer,
      String topic,
      java.util.function.BiConsumer<String, Object> each) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      assertThat(System.nanoTime()).as("read %s up to %s", topic, end).isLessThan(deadline);
      consumer.poll(Duration.ofMillis(200)).forEach(r -> each.accept(r.key(), r.value()));
    }
  }

  private static <T extends SpecificRecord> KafkaConsumer<String, T> consumer(Class<T> type) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    AvroDeserializer<T> values = new AvroDeserializer<>(type);
    values.configure(config, false);
    return new KafkaConsumer<>(config, new StringDeserializer(), values);
  }
}
