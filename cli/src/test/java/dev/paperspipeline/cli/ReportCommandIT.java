package dev.paperspipeline.cli;

import static dev.paperspipeline.streams.report.ReportFixtures.MONDAY;
import static dev.paperspipeline.streams.report.ReportFixtures.burst;
import static dev.paperspipeline.streams.report.ReportFixtures.embedding;
import static dev.paperspipeline.streams.report.ReportFixtures.emerging;
import static dev.paperspipeline.streams.report.ReportFixtures.entry;
import static dev.paperspipeline.streams.report.ReportFixtures.health;
import static dev.paperspipeline.streams.report.ReportFixtures.openCode;
import static dev.paperspipeline.streams.report.ReportFixtures.paper;
import static dev.paperspipeline.streams.report.ReportFixtures.staying;
import static dev.paperspipeline.streams.report.ReportFixtures.stayingPower;
import static dev.paperspipeline.streams.report.ReportFixtures.trending;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.registry.AvroSerializer;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.report.AnalyticsView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
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

/**
 * {@code papers report} end to end: records of every analytics schema produced transactionally to a
 * real broker through the embedded registry, read back by the command.
 */
class ReportCommandIT {
  private static LocalStack stack;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.startEphemeral();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      admin
          .createTopics(
              AnalyticsView.TOPICS.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList())
          .all()
          .get();
      TopicsCreator.awaitLeaders(admin, AnalyticsView.TOPICS);
    }
    SchemaRegistryClient registry =
        SchemaRegistryClients.create(stack.schemaRegistryUrl(), Map.of());
    AvroSerializer<SpecificRecord> values = new AvroSerializer<>(registry);
    values.configure(Map.of(), false);
    try (registry;
        KafkaProducer<String, SpecificRecord> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    "report-it"),
                new StringSerializer(),
                values)) {
      producer.initTransactions();
      producer.beginTransaction();
      LocalDate before = MONDAY.minusDays(7);
      send(
          producer,
          Topics.TRENDING_TOPICS,
          "TOPIC@WEEK:" + before,
          trending("TOPIC", before, true, 0, List.of(entry(1, "cs.CL", 9, 0))));
      send(
          producer,
          Topics.TRENDING_TOPICS,
          "TOPIC@WEEK:" + MONDAY,
          trending("TOPIC", MONDAY, false, 0, List.of(entry(1, "cs.CL", 5, 9))));
      send(
          producer,
          Topics.TRENDING_TOPICS,
          "TOPIC@WEEK:" + MONDAY,
          trending(
              "TOPIC",
              MONDAY,
              true,
              1,
              List.of(entry(1, "cs.CL", 12, 9), entry(2, "cs.LG", 6, 6))));
      PaperRef paper = paper("2611.00042", "Attention, again", 2);
      send(
          producer,
          Topics.TOPIC_BURSTS,
          "TOPIC:cs.CL@WEEK:" + MONDAY,
          burst("TOPIC", "cs.CL", "WEEK", MONDAY, 12, 4.5, 0.0031, List.of(paper)));
      send(
          producer,
          Topics.EMERGING_PHRASES,
          "mixture of depths",
          emerging("mixture of depths", MONDAY.plusDays(1), MONDAY.plusDays(2), 3, List.of(paper)));
      send(
          producer,
          Topics.STAYING_POWER,
          "WEEK:" + MONDAY,
          stayingPower(
              MONDAY,
              true,
              List.of(
                  staying(
                      1,
                      "2611.00042",
                      "Attention, again",
                      4,
                      LocalDate.parse("2026-11-03"),
                      LocalDate.parse("2026-11-18")))));
      send(
          producer,
          Topics.OPEN_CODE_SHARE,
          "cs.CL@WEEK:" + MONDAY,
          openCode("cs.CL", MONDAY, 12, 6, Map.of("github.com", 6L)));
      send(producer, Topics.DIGEST_HEALTH, MONDAY.toString(), health(MONDAY, 1, 10, 0, false, 0));
      LocalDate tuesday = MONDAY.plusDays(1);
      send(producer, Topics.DIGEST_HEALTH, tuesday.toString(), health(tuesday, 0, 0, 0, true, 0));
      LocalDate wednesday = MONDAY.plusDays(2);
      send(
          producer,
          Topics.DIGEST_HEALTH,
          wednesday.toString(),
          health(wednesday, 1, 7, 1, false, 1));
      for (var e :
          List.of(
              embedding("2611.00042", "Attention, again", MONDAY, 1, 0.5, 0),
              embedding(
                  "2610.00007",
                  "Attention is what you need",
                  LocalDate.parse("2026-10-05"),
                  1,
                  0,
                  0),
              embedding(
                  "2610.00008", "Convolutions, again", LocalDate.parse("2026-10-06"), 0, 1, 0),
              embedding("2611.00050", "Attention, later", MONDAY.plusDays(1), 1, 0.5, 0))) {
        send(producer, Topics.PAPER_EMBEDDINGS, e.getPaperId(), e);
      }
      producer.commitTransaction();

      // a revision that was never committed: a read_committed report must not show it
      producer.beginTransaction();
      send(
          producer,
          Topics.TRENDING_TOPICS,
          "TOPIC@WEEK:" + MONDAY,
          trending("TOPIC", MONDAY, true, 2, List.of(entry(1, "cs.CL", 999, 9))));
      send(
          producer,
          Topics.PAPER_EMBEDDINGS,
          "2610.00009",
          embedding("2610.00009", "Aborted twin", LocalDate.parse("2026-10-07"), 1, 0.5, 0));
      producer.flush();
      producer.abortTransaction();
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static void send(
      KafkaProducer<String, SpecificRecord> producer, String topic, String key, SpecificRecord v) {
    producer.send(new ProducerRecord<>(topic, key, v));
  }

  private static CliFixtures.Run report(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("report", "-b", stack.bootstrapServers(), "-r", stack.schemaRegistryUrl()));
    args.addAll(List.of(more));
    return CliFixtures.papers(args.toArray(String[]::new));
  }

  /** Written by hand from the records above. */
  static final String EXPECTED_W47 =
      """
      # Weekly report 2026-W47

      Monday 2026-11-16 to Sunday 2026-11-22, from the pipeline's output topics.

      ## Top topics

      Papers per topic this week, final, revision 1.

      | # | Topic | Papers | Previous week | Growth |
      | ---: | --- | ---: | ---: | ---: |
      | 1 | cs.CL | 12 | 9 | +33% |
      | 2 | cs.LG | 6 | 6 | 0% |

      ## Rising topics

      Topics and keyphrases whose count is surprising against their own trailing baseline\
       (surprise = -log10 of the Poisson tail probability), with the papers behind them.

      - The week
        - cs.CL (topic): 12 papers against 4.50 per week over the 4 weeks before, surprise 2.5.\
       Papers: Attention, again \\[2611.00042, 2 sightings\\]

      ## Emerging phrases

      Keyphrases first seen recently that already appear in several papers, as of their latest\
       day this week, fastest growing first.

      | Phrase | First seen | As of | Papers | Per day | Examples |
      | --- | --- | --- | ---: | ---: | --- |
      | mixture of depths | 2026-11-17 | 2026-11-18 | 3 | 1.50 | Attention, again\
       \\[2611.00042, 2 sightings\\] |

      ## Staying power

      Papers of this week's digests seen more than once, final.

      | # | Paper | Sightings | First digest | Last digest | Span (days) |
      | ---: | --- | ---: | --- | --- | ---: |
      | 1 | Attention, again \\[2611.00042\\] | 4 | 2026-11-03 | 2026-11-18 | 15 |

      ## Open-code share

      Share of each topic's papers that link to a code repository (GitHub or another forge;\
       model and dataset hubs, leaderboards and URL shorteners do not count), and where the code\
       is hosted.

      | Topic | Papers | With code | Share | Hosts |
      | --- | ---: | ---: | ---: | --- |
      | cs.CL | 12 | 6 | 50% | github.com 6 |

      ## Input health

      The digests of each day of the week; 1 day missing (no digest between two that came); 4\
       days with no record (before the first digest, after the latest, or not counted).

      | Date | Files | Papers | Rejected | Exact duplicates | Near duplicates | Status |
      | --- | ---: | ---: | ---: | ---: | ---: | --- |
      | Mon 2026-11-16 | 1 | 10 | 0 | 0 | 0 | ok |
      | Tue 2026-11-17 | 0 | 0 | 0 | 0 | 0 | MISSING: no digest |
      | Wed 2026-11-18 | 1 | 7 | 1 | 0 | 0 | ok, after 1 missing day |
      | Thu 2026-11-19 |  |  |  |  |  | no record |
      | Fri 2026-11-20 |  |  |  |  |  | no record |
      | Sat 2026-11-21 |  |  |  |  |  | no record |
      | Sun 2026-11-22 |  |  |  |  |  | no record |

      ## Similar earlier papers

      For each paper named above, the 5 papers of earlier digests closest to it in meaning: cosine\
       of their sentence embeddings (paper-embeddings), title, digest date.

      - Attention, again \\[2611.00042\\]
        - 0.89 Attention is what you need \\[2610.00007\\], 2026-10-05
        - 0.45 Convolutions, again \\[2610.00008\\], 2026-10-06
      """;

  @Test
  void shouldWriteTheWeekFromEveryOutputTopicWithoutTheAbortedRevision() {
    CliFixtures.Run run = report("--week", "2026-W47");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(EXPECTED_W47);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldDefaultToTheLatestWeekWithDataAndWriteHtmlToAFile() throws Exception {
    Path file = dir.resolve("week.html");
    CliFixtures.Run run = report("--format", "html", "--output", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("papers report: week 2026-W47 written to " + file + "\n");
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html)
        .startsWith("<!doctype html>")
        .contains("<h1>Weekly report 2026-W47</h1>")
        .contains(
            "<tr><td class=\"num\">1</td><td>cs.CL</td><td class=\"num\">12</td>"
                + "<td class=\"num\">9</td><td class=\"num\">+33%</td></tr>")
        .contains("<td>Tue 2026-11-17</td>")
        .doesNotContain("999");
    assertThat(html.lines().filter(l -> l.startsWith("<h2>")).count()).isEqualTo(7);
    try (var files = Files.list(dir)) {
      // the temporary file was moved into place, not left behind
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("week.html");
    }
  }

  @Test
  void shouldReportAnEarlierWeekAndSayWhichSectionsHaveNoData() {
    CliFixtures.Run run = report("--week", "2026-W46");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("# Weekly report 2026-W46\n")
        .contains("Papers per topic this week, final.\n")
        // no week before it had a digest: a gap, not zeros
        .contains("| 1 | cs.CL | 9 | no digest | - |\n")
        .contains(
            "No growth figures: the week before (2026-W45) had no digest, so its counts are"
                + " unknown, not zero; no earlier week has data.\n")
        .contains("No burst this week in topic-bursts: too little baseline. Only 0 of the 4 weeks")
        .contains("No emerging phrase this week in emerging-phrases.\n")
        .contains("No paper came back this week in staying-power.\n")
        .contains("No open-code figures for this week in open-code-share.\n")
        .contains("No input health for this week in digest-health.\n");
  }
}
