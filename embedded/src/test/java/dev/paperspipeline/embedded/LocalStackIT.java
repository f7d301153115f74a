package dev.paperspipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.AvroSerializer;
import dev.paperspipeline.registry.RegistryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

class LocalStackIT {
  private static final String TOPIC = "local-stack-it";

  @TempDir Path dataDir;

  @Test
  void shouldKeepTopicsOffsetsAndSchemaIdsAcrossARestartOnTheSameDataDir() throws Exception {
    IngestLedgerEntry entry =
        IngestLedgerEntry.newBuilder()
            .setFileSha256("ab")
            .setFileName("f.txt")
            .setStatus("DONE")
            .setPapers(1)
            .setRejected(0)
            .setCompletedAt(Instant.ofEpochMilli(1_700_000_000_000L))
            .build();
    try (LocalStack stack = LocalStack.start(dataDir, 0, 0)) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
      config.put(RegistryConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      AvroSerializer<IngestLedgerEntry> values = new AvroSerializer<>();
      values.configure(config, false);
      try (KafkaProducer<String, IngestLedgerEntry> producer =
          new KafkaProducer<>(config, new StringSerializer(), values)) {
        producer.send(new ProducerRecord<>(TOPIC, "ab", entry)).get();
      }
    }

    // New ports, same directory: the registry replays _schemas, so the id in the record resolves.
    try (LocalStack stack = LocalStack.start(dataDir, 0, 0)) {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
      config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it");
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(RegistryConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      AvroDeserializer<IngestLedgerEntry> values = new AvroDeserializer<>(IngestLedgerEntry.class);
      values.configure(config, false);
      List<IngestLedgerEntry> seen = new ArrayList<>();
      try (KafkaConsumer<String, IngestLedgerEntry> consumer =
          new KafkaConsumer<>(config, new StringDeserializer(), values)) {
        consumer.subscribe(List.of(TOPIC));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                  return !seen.isEmpty();
                });
      }
      assertThat(seen).containsExactly(entry);
    }
  }
}
