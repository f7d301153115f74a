package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code papers tail} against a real broker and the embedded registry. */
class TailCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEED = "Tailwind";
  private static final int PAPERS = 4;

  @TempDir static Path dir;
  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.startEphemeral();
    Path digest = CliFixtures.writeDigest(dir.resolve("in"), "2026-11-03.txt", SEED, PAPERS);
    try (DigestIngester ingester =
        DigestIngester.open(
            IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), dir))) {
      FileOutcome outcome = ingester.ingest(digest);
      assertThat(outcome.papers()).isEqualTo(PAPERS);
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  private String[] args(String topic, String... more) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "tail",
                topic,
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--schema-registry",
                stack.schemaRegistryUrl()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void shouldPrintIngestedPapersAsDecodedJsonLines() throws Exception {
    CliFixtures.Run run =
        CliFixtures.papers(args(Topics.PAPERS_RAW, "--from-beginning", "--max", "3"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> records = lines(run.out());
    assertThat(records).hasSize(3);
    Set<String> expectedTitles =
        Set.of(
            CliFixtures.title(SEED, 1),
            CliFixtures.title(SEED, 2),
            CliFixtures.title(SEED, 3),
            CliFixtures.title(SEED, 4));
    for (JsonNode r : records) {
      assertThat(r.get("topic").asText()).isEqualTo(Topics.PAPERS_RAW);
      assertThat(r.get("valueFormat").asText()).isEqualTo("avro");
      assertThat(r.get("valueSchema").asText()).isEqualTo("dev.paperspipeline.avro.PaperEvent");
      JsonNode value = r.get("value");
      assertThat(expectedTitles).contains(value.get("title").asText());
      assertThat(r.get("key").asText()).isEqualTo(value.get("paperId").asText());
      // Logical types and unions come out as plain JSON, not Avro's JSON encoding.
      assertThat(value.get("digestDate").asText()).isEqualTo("2026-11-03");
      assertThat(value.get("ingestedAt").asText()).endsWith("Z");
      assertThat(value.get("lineage").get("fileName").asText()).isEqualTo("2026-11-03.txt");
      assertThat(r.get("headers").get(DigestIngester.HEADER_FILE_NAME).asText())
          .isEqualTo("2026-11-03.txt");
      assertThat(r.get("partition").asInt()).isBetween(0, 2);
      assertThat(r.get("offset").asLong()).isNotNegative();
      assertThat(r.get("timestamp").asText()).endsWith("Z");
    }
  }

  @Test
  void shouldStopAfterTheIdleTimeoutWithEveryPaper() throws Exception {
    CliFixtures.Run run =
        CliFixtures.papers(args(Topics.PAPERS_RAW, "--from-beginning", "--timeout", "2s"));

    assertEveryPaperOnce(run);
  }

  /** The run ended well and printed each of the four ingested papers exactly once. */
  private static void assertEveryPaperOnce(CliFixtures.Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(lines(run.out()))
        .extracting(r -> r.get("value").get("title").asText())
        .containsExactlyInAnyOrder(
            CliFixtures.title(SEED, 1),
            CliFixtures.title(SEED, 2),
            CliFixtures.title(SEED, 3),
            CliFixtures.title(SEED, 4));
  }

  @Test
  void shouldShowOnlyCommittedRecordsAndPrintPlainValuesAsText() throws Exception {
    String topic = "tail-plain";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      TopicsCreator.awaitLeaders(admin, List.of(topic));
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "tail-it"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k1", "aborted value"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      ProducerRecord<String, String> committed = new ProducerRecord<>(topic, "k2", "héllo");
      committed.headers().add("h", "v1".getBytes(StandardCharsets.UTF_8));
      committed.headers().add("h", "v2".getBytes(StandardCharsets.UTF_8));
      producer.send(committed);
      producer.commitTransaction();
    }

    List<JsonNode> committedOnly =
        lines(CliFixtures.papers(args(topic, "--from-beginning", "--timeout", "1s")).out());
    assertThat(committedOnly).hasSize(1);
    JsonNode r = committedOnly.get(0);
    assertThat(r.get("key").asText()).isEqualTo("k2");
    assertThat(r.get("valueFormat").asText()).isEqualTo("utf8");
    assertThat(r.get("value").asText()).isEqualTo("héllo");
    assertThat(r.get("headers").get("h")).hasSize(2);
    assertThat(r.get("headers").get("h").get(1).asText()).isEqualTo("v2");

    // The end of a transactional topic is its last stable offset, past the commit marker.
    List<JsonNode> toTheEnd =
        lines(CliFixtures.papers(args(topic, "--offset", "beginning", "--exit-at-end")).out());
    assertThat(toTheEnd).extracting(n -> n.get("key").asText()).containsExactly("k2");

    List<JsonNode> uncommitted =
        lines(
            CliFixtures.papers(
                    args(
                        topic,
                        "--from-beginning",
                        "--timeout",
                        "1s",
                        "--isolation-level",
                        "read_uncommitted",
                        "--base64"))
                .out());
    assertThat(uncommitted)
        .extracting(n -> n.get("valueFormat").asText() + ":" + n.get("value").asText())
        .containsExactly("base64:YWJvcnRlZCB2YWx1ZQ==", "base64:aMOpbGxv");
  }

  @Test
  void shouldFailOnAMissingTopic() {
    CliFixtures.Run run = CliFixtures.papers(args("no-such-topic", "--timeout", "1s"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("no-such-topic does not exist");
  }

  @Test
  void shouldExitAtTheEndOfEveryPartitionWithEveryRecordOnce() throws Exception {
    CliFixtures.Run run =
        CliFixtures.papers(args(Topics.PAPERS_RAW, "--offset", "beginning", "--exit-at-end"));

    assertEveryPaperOnce(run);
  }

  @Test
  void shouldReadOnlyTheChosenPartitionAndTheLastRecordsOfEach() throws Exception {
    List<JsonNode> all =
        lines(CliFixtures.papers(args(Topics.PAPERS_RAW, "-o", "beginning", "-e")).out());
    Map<Integer, List<Long>> offsets = new java.util.TreeMap<>();
    for (JsonNode r : all) {
      offsets
          .computeIfAbsent(r.get("partition").asInt(), p -> new ArrayList<>())
          .add(r.get("offset").asLong());
    }
    int partition = offsets.keySet().iterator().next();

    List<JsonNode> one =
        lines(
            CliFixtures.papers(
                    args(
                        Topics.PAPERS_RAW,
                        "--partition",
                        String.valueOf(partition),
                        "--offset",
                        "beginning",
                        "--exit-at-end"))
                .out());
    List<JsonNode> lastOfEach =
        lines(CliFixtures.papers(args(Topics.PAPERS_RAW, "--offset", "-1", "--exit-at-end")).out());
    List<JsonNode> fromSecond =
        lines(
            CliFixtures.papers(
                    args(
                        Topics.PAPERS_RAW,
                        "-p",
                        String.valueOf(partition),
                        "--offset",
                        String.valueOf(offsets.get(partition).get(0) + 1),
                        "-e"))
                .out());

    assertThat(one)
        .extracting(r -> r.get("offset").asLong())
        .containsExactlyElementsOf(offsets.get(partition));
    assertThat(one).allSatisfy(r -> assertThat(r.get("partition").asInt()).isEqualTo(partition));
    assertThat(lastOfEach).hasSize(offsets.size());
    for (JsonNode r : lastOfEach) {
      List<Long> ofPartition = offsets.get(r.get("partition").asInt());
      assertThat(r.get("offset").asLong()).isEqualTo(ofPartition.get(ofPartition.size() - 1));
    }
    assertThat(fromSecond).hasSize(offsets.get(partition).size() - 1);
  }

  @Test
  void shouldRejectABadOffsetAndAMissingPartitionInOneLine() {
    CliFixtures.Run badOffset =
        CliFixtures.papers(args(Topics.PAPERS_RAW, "--offset", "middle", "--exit-at-end"));
    CliFixtures.Run noPartition =
        CliFixtures.papers(args(Topics.PAPERS_RAW, "--partition", "7", "--exit-at-end"));

    assertThat(badOffset.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badOffset.err())
        .isEqualTo(
            "papers tail: offset must be beginning, end, N or -N, got 'middle' (see papers tail"
                + " --help)\n");
    assertThat(noPartition.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noPartition.err())
        .isEqualTo("papers tail: Topic papers-raw has partitions 0..2, not [7]\n");
  }
}
