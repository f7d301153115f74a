package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.schemas.Topics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code topic-bursts} and {@code emerging-phrases} as any downstream consumer does (read
 * committed, from the beginning to the end offsets, through the registry) and keeps the latest
 * record of each key: what {@code papers demo} prints and the ITs check.
 */
public final class AnalyticsReadout {
  private AnalyticsReadout() {}

  /** The latest record of each key of {@code topic-bursts}. */
  public static Map<String, TopicBurst> bursts(Map<String, Object> clientConfig) {
    return latest(clientConfig, Topics.TOPIC_BURSTS, TopicBurst.class);
  }

  /** The latest record of each key of {@code emerging-phrases}. */
  public static Map<String, EmergingPhrase> emerging(Map<String, Object> clientConfig) {
    return latest(clientConfig, Topics.EMERGING_PHRASES, EmergingPhrase.class);
  }

  /** Bursts of one window size, highest score first. */
  public static List<TopicBurst> ranked(
      Map<String, TopicBurst> bursts, String kind, String window) {
    List<TopicBurst> out = new ArrayList<>();
    for (TopicBurst b : bursts.values()) {
      if (b.getKind().equals(kind) && b.getWindow().equals(window)) {
        out.add(b);
      }
    }
    out.sort(Comparator.comparingDouble(TopicBurst::getScore).reversed());
    return out;
  }

  /** The phrases of the latest {@code asOfDate}, highest growth first (then most papers). */
  public static List<EmergingPhrase> current(Map<String, EmergingPhrase> phrases) {
    LocalDate latest =
        phrases.values().stream()
            .map(EmergingPhrase::getAsOfDate)
            .max(Comparator.naturalOrder())
            .orElse(null);
    return phrases.values().stream()
        .filter(p -> p.getAsOfDate().equals(latest))
        .sorted(
            Comparator.comparingDouble(EmergingPhrase::getGrowth)
                .reversed()
                .thenComparing(EmergingPhrase::getPapers, Comparator.reverseOrder())
                .thenComparing(EmergingPhrase::getPhrase))
        .toList();
  }

  private static <T extends SpecificRecord> Map<String, T> latest(
      Map<String, Object> clientConfig, String topic, Class<T> type) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "papers-readout-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(config, false);
    Deserializer<T> values = serde.deserializer();
    Map<String, T> out = new TreeMap<>();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            out.remove(r.key()); // a withdrawn record (emerging-phrases)
          } else {
            out.put(r.key(), r.value());
          }
        }
      }
    }
    return out;
  }
}
