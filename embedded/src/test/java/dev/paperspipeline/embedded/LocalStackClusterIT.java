package dev.paperspipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code papers local --brokers 3 --data-dir DIR}, stopped and started again on the same DIR. */
class LocalStackClusterIT {
  private static final String TOPIC = "local-cluster-it";

  @TempDir Path dataDir;

  @Test
  void shouldKeepTheClusterTopicsAndRecordsAcrossARestartOnTheSameDataDir() throws Exception {
    EmbeddedKafkaCluster.Config config = EmbeddedKafkaCluster.Config.of(3).withFirstPort(0);
    String clusterId;
    try (LocalStack stack = LocalStack.startCluster(dataDir, config, 0)) {
      clusterId = stack.clusterId();
      assertThat(stack.cluster().size()).isEqualTo(3);
      assertThat(dataDir.resolve(LocalStack.KAFKA_CLUSTER_SUBDIR).resolve("node-3")).isDirectory();
      try (Admin admin = admin(stack)) {
        assertThat(
                admin
                    .describeTopics(List.of(LocalStack.SCHEMAS_TOPIC))
                    .allTopicNames()
                    .get()
                    .get(LocalStack.SCHEMAS_TOPIC)
                    .partitions()
                    .get(0)
                    .replicas())
            .as("the registry's topic is replicated on every broker")
            .hasSize(3);
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 3))).all().get();
      }
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  stack.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        for (int i = 0; i < 20; i++) {
          producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get();
        }
      }
    }

    // Same directory, other ports: the same cluster, topic and records.
    try (LocalStack stack = LocalStack.startCluster(dataDir, config, 0);
        KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "local-cluster-it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
      assertThat(stack.clusterId()).isEqualTo(clusterId);
      consumer.subscribe(List.of(TOPIC));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < 20 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
      assertThat(values).hasSize(20).doesNotHaveDuplicates();
    }
  }

  private static Admin admin(LocalStack stack) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }
}
