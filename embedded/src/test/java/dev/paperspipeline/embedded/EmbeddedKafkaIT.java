package dev.paperspipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
  private static final String TOPIC = "it-topic";
  private static final String GROUP = "it-group";

  @TempDir Path dataDir;

  @Test
  void shouldKeepTopicsRecordsAndOffsetsAcrossRestartOnTheSameDataDir() throws Exception {
    EmbeddedKafka.Config config = EmbeddedKafka.Config.defaults().withPort(0).withDataDir(dataDir);
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
      clusterId = kafka.clusterId();
      try (Admin admin = admin(kafka)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(kafka, null)) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
        }
        producer.flush();
      }
      try (KafkaConsumer<String, String> consumer = consumer(kafka, GROUP, "read_uncommitted")) {
        consumer.subscribe(List.of(TOPIC));
        List<ConsumerRecord<String, String>> seen = pollUntil(consumer, 10);
        assertThat(seen).extracting(ConsumerRecord::value).contains("v0", "v9");
        consumer.commitSync();
      }
    }

    // Restart on the same directory, on another port: same cluster, topic and group offsets.
    try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
      assertThat(kafka.clusterId()).isEqualTo(clusterId);
      try (Admin admin = admin(kafka)) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        assertThat(offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
            .isEqualTo(10);
      }
      try (KafkaProducer<String, String> producer = producer(kafka, null)) {
        producer.send(new ProducerRecord<>(TOPIC, "k10", "after-restart")).get();
      }
      try (KafkaConsumer<String, String> consumer = consumer(kafka, GROUP, "read_uncommitted")) {
        consumer.subscribe(List.of(TOPIC));
        List<ConsumerRecord<String, String>> seen = pollUntil(consumer, 1);
        assertThat(seen).extracting(ConsumerRecord::value).containsExactly("after-restart");
      }
    }
  }

  @Test
  void shouldCommitAndAbortTransactions() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startEphemeral()) {
      try (Admin admin = admin(kafka)) {
        admin.createTopics(List.of(new NewTopic("tx-topic", 1, (short) 1))).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("auto-created");
      }
      try (KafkaProducer<String, String> producer = producer(kafka, "it-tx")) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx-topic", "a", "aborted"));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx-topic", "b", "committed"));
        producer.commitTransaction();
      }
      try (KafkaConsumer<String, String> consumer = consumer(kafka, "tx-group", "read_committed")) {
        consumer.subscribe(List.of("tx-topic"));
        List<ConsumerRecord<String, String>> seen = pollUntil(consumer, 1);
        assertThat(seen).extracting(ConsumerRecord::value).containsExactly("committed");
      }
    }
  }

  @Test
  void shouldNotCreateTopicsAutomatically() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startEphemeral();
        KafkaConsumer<String, String> consumer = consumer(kafka, "g", "read_uncommitted")) {
      consumer.subscribe(List.of("never-created"));
      consumer.poll(Duration.ofMillis(500));
      try (Admin admin = admin(kafka)) {
        Set<String> names = admin.listTopics().names().get();
        assertThat(names).doesNotContain("never-created");
      }
    }
  }

  private static List<ConsumerRecord<String, String>> pollUntil(
      KafkaConsumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
              return seen.size() >= count;
            });
    return seen;
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, String txId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    if (txId != null) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    }
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(
      EmbeddedKafka kafka, String group, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }
}
