package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.testing.Papers;
import dev.paperspipeline.streams.testing.TopicReads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrade of the dedupe store from whole {@code UniquePaper} values to {@code PaperSighting}: an
 * app of the earlier shape writes UniquePaper values to the store's changelog; the current dedupe,
 * started with the same application id and no local state, restores the store from that changelog
 * and counts a later sighting on from it.
 */
class DedupeStoreUpgradeIT {
  private static final String APP_ID = "papers-dedupe-upgrade-it";
  private static final Duration HORIZON = DedupeTopology.DEFAULT_HORIZON;
  // recent: the broker deletes changelog records older than the store's retention
  private static final Instant T0 =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(3600);

  @TempDir Path dir;

  @Test
  void shouldRestoreAStoreOfUniquePapersAndCountOnFromIt() throws Exception {
    try (LocalStack stack = LocalStack.startEphemeral();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(bootstrap);
      PipelineSerdes serdes = PipelineSerdes.avro(registry);

      send(bootstrap, serdes, event("p1", LocalDate.of(2025, 8, 11), T0));
      send(bootstrap, serdes, event("p1", LocalDate.of(2025, 8, 12), T0.plusSeconds(60)));
      try (KafkaStreams before =
          new KafkaStreams(earlierStore(serdes), props(bootstrap, registry, "before"))) {
        before.start();
        awaitRead(admin);
        // leave the group, as StreamsApp does: otherwise the next app waits out the session timeout
        before.close(
            CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      }

      // no local state: the store restores from the changelog the earlier app wrote
      send(bootstrap, serdes, event("p1", LocalDate.of(2025, 8, 14), T0.plusSeconds(120)));
      try (KafkaStreams after =
          new KafkaStreams(
              DedupeTopology.build(
                  HORIZON, serdes.paperEvent(), serdes.uniquePaper(), serdes.paperSighting()),
              props(bootstrap, registry, "after"))) {
        after.start();
        awaitRead(admin);
      }

      List<ConsumerRecord<String, PaperSighting>> sightings =
          TopicReads.readAll(bootstrap, registry, Topics.PAPER_SIGHTINGS, PaperSighting.class);
      assertThat(sightings).hasSize(1);
      PaperSighting s = sightings.get(0).value();
      assertThat(s.getSightings()).isEqualTo(3);
      assertThat(s.getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 8, 11));
      assertThat(s.getLastDigestDate()).isEqualTo(LocalDate.of(2025, 8, 14));
      assertThat(s.getFirstSeenAt()).isEqualTo(T0);
      assertThat(s.getLastSeenAt()).isEqualTo(T0.plusSeconds(120));
      // a repeat sighting: not a new paper
      assertThat(TopicReads.readAll(bootstrap, registry, Topics.PAPERS_UNIQUE, UniquePaper.class))
          .isEmpty();
    }
  }

  private Properties props(String bootstrap, String registry, String stateDir) throws Exception {
    return PipelineChecks.streamsProperties(
        bootstrap, registry, APP_ID, java.nio.file.Files.createDirectories(dir.resolve(stateDir)));
  }

  private static PaperEvent event(String id, LocalDate date, Instant at) {
    return Papers.event(id, "Paper " + id, date, at);
  }

  private static void send(String bootstrap, PipelineSerdes serdes, PaperEvent e) throws Exception {
    try (KafkaProducer<String, PaperEvent> producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            serdes.paperEvent().serializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.PAPERS_RAW, null, e.getIngestedAt().toEpochMilli(), e.getPaperId(), e))
          .get();
    }
  }

  private static void awaitRead(Admin admin) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> PipelineLag.total(admin, APP_ID, List.of(Topics.PAPERS_RAW)) == 0);
  }

  /**
   * The dedupe store as the earlier version kept it: the whole UniquePaper per paper, in the same
   * store (and so the same changelog), written on every sighting. It writes no output topic.
   */
  private static Topology earlierStore(PipelineSerdes serdes) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(StoreNames.DEDUPE_SIGHTINGS, HORIZON, HORIZON, false),
            Serdes.String(),
            serdes.uniquePaper()));
    builder.stream(Topics.PAPERS_RAW, Consumed.with(Serdes.String(), serdes.paperEvent()))
        .process(EarlierDedupe::new, StoreNames.DEDUPE_SIGHTINGS);
    return builder.build();
  }

  private static final class EarlierDedupe implements Processor<String, PaperEvent, Void, Void> {
    private WindowStore<String, UniquePaper> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(StoreNames.DEDUPE_SIGHTINGS);
    }

    @Override
    public void process(Record<String, PaperEvent> record) {
      long ts = record.timestamp();
      KeyValue<Long, UniquePaper> previous = null;
      try (WindowStoreIterator<UniquePaper> it =
          store.fetch(record.key(), ts - HORIZON.toMillis() + 1, ts)) {
        if (it.hasNext()) {
          previous = it.next();
        }
      }
      PaperEvent e = record.value();
      if (previous == null) {
        store.put(record.key(), Sightings.first(e), ts);
      } else {
        UniquePaper p = previous.value;
        store.put(
            record.key(),
            UniquePaper.newBuilder(p)
                .setSightings(p.getSightings() + 1)
                .setLastDigestDate(e.getDigestDate())
                .setLastSeenAt(e.getIngestedAt())
                .build(),
            previous.key);
      }
    }
  }
}
