package dev.paperspipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

  @Test
  void shouldKeepCommittedTransactionsWhenOneOfThreeBrokersIsStoppedAndStartedAgain()
      throws Exception {
    try (EmbeddedKafkaCluster kafka =
            EmbeddedKafkaCluster.start(EmbeddedKafkaCluster.Config.of(3).withFirstPort(0));
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
      assertThat(admin.describeCluster().nodes().get()).hasSize(3);
      admin.createTopics(List.of(new NewTopic("t", 3, (short) 3))).all().get();
      // A new topic reaches every broker's metadata a moment after its creation returns.
      TopicDescription t =
          org.awaitility.Awaitility.await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(
                  () -> admin.describeTopics(List.of("t")).allTopicNames().get().get("t"),
                  d -> d != null);
      assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      var brokerConfig =
          admin
              .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
              .all()
              .get()
              .values()
              .iterator()
              .next();
      assertThat(brokerConfig.get("min.insync.replicas").value()).isEqualTo("2");
      assertThat(brokerConfig.get("transaction.state.log.replication.factor").value())
          .isEqualTo("3");
      assertThat(brokerConfig.get("transaction.state.log.min.isr").value()).isEqualTo("2");
      assertThat(brokerConfig.get("offsets.topic.replication.factor").value()).isEqualTo("3");

      try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
        producer.initTransactions();
        for (int batch = 0; batch < 3; batch++) {
          if (batch == 1) {
            kafka.stop(2);
            assertThat(kafka.isRunning(2)).isFalse();
          }
          if (batch == 2) {
            kafka.restart(2);
          }
          producer.beginTransaction();
          for (int i = 0; i < 100; i++) {
            producer.send(new ProducerRecord<>("t", "k" + i, batch + "-" + i));
          }
          producer.commitTransaction();
        }
      }
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG, "g",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of("t"));
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (values.size() < 300 && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            values.add(r.value());
          }
        }
        assertThat(values).hasSize(300).doesNotHaveDuplicates();
      }
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cluster-it",
            ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }
}
