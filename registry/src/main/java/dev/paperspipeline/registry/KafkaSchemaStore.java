package dev.paperspipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema store in a compacted, single-partition Kafka topic (default {@value #DEFAULT_TOPIC}), so
 * ids survive restarts and every registry process over one cluster agrees on them.
 *
 * <p>Design. Every write (registration, configuration, deletion) is only <em>produced</em> to the
 * topic; the store's state changes solely by its own consumer applying records in log order. Ids
 * and versions are not chosen by the writer: they are assigned while replaying (a schema text not
 * seen before gets max id + 1 at the point its first registration appears in the log). Why: a
 * single partition is a total order every process sees identically, so every process replaying it
 * computes the same ids, even when two processes register concurrently; there is no leader to elect
 * and nothing to reconcile. A writer waits until its consumer has applied the written offset and
 * answers from the outcome recorded for that offset (so a registration that lost a race to an
 * incompatible one gets its 409 deterministically too).
 *
 * <p>Compaction must not change what replay computes. Registrations and deletions therefore get
 * unique keys (compaction never drops or reorders them); they are few, so the topic stays small. A
 * registration carries the compatibility level it was checked with, so replay never depends on
 * configuration records, whose keys are per subject and may be compacted to their latest value.
 *
 * <p>Reads are answered from the local replayed state; a read that misses first catches up with the
 * log end, so a schema registered through another process is found.
 */
public final class KafkaSchemaStore extends SchemaStore {
  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Confluent's topic name. The record format differs from Confluent's, so never point this store
   * and a Confluent Schema Registry at the same topic of one cluster; pass another topic name then.
   */
  public static final String DEFAULT_TOPIC = "_schemas";

  // Key types differ from Confluent's (SCHEMA, CONFIG, DELETE_SUBJECT...), so a Confluent registry
  // pointed at the same topic by mistake skips our records instead of misreading them, and we skip
  // theirs with a warning.
  private static final String SCHEMA_KEY = "PAPERS_SCHEMA";
  private static final String CONFIG_KEY = "PAPERS_CONFIG";
  private static final String DELETE_SUBJECT_KEY = "PAPERS_DELETE_SUBJECT";

  private static final String ORIGIN_HEADER = "papers.registry.origin";
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final String topic;
  private final TopicPartition partition;
  private final byte[] origin = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
  private final RegistryState state = new RegistryState();
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread reader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  // Outcomes of records this process wrote, by offset, until their writer picks them up.
  private final Map<Long, Object> outcomes = new ConcurrentHashMap<>();
  private long applied; // next offset to apply; guarded by lock
  private volatile RuntimeException readerFailure;
  private volatile boolean closing;

  /** A store in topic {@value #DEFAULT_TOPIC} of the cluster at {@code bootstrapServers}. */
  public KafkaSchemaStore(String bootstrapServers) {
    this(bootstrapServers, DEFAULT_TOPIC, Map.of());
  }

  /**
   * A store in {@code topic}, created when missing (one partition, {@code cleanup.policy=compact},
   * replication factor min(3, brokers)). Returns once the existing log has been replayed.
   *
   * @param clientConfig extra Kafka client settings (security etc.) for the admin, producer and
   *     consumer
   * @throws IllegalStateException when the topic has more than one partition or cannot be read
   */
  public KafkaSchemaStore(String bootstrapServers, String topic, Map<String, Object> clientConfig) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    Map<String, Object> common = new HashMap<>(clientConfig);
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    String clientId =
        "papers-registry-" + new String(origin, StandardCharsets.UTF_8).substring(0, 8);

    this.admin = Admin.create(withClientId(common, clientId + "-admin"));
    boolean started = false;
    KafkaProducer<byte[], byte[]> p = null;
    KafkaConsumer<byte[], byte[]> c = null;
    try {
      ensureTopic();
      Map<String, Object> producerConfig = withClientId(common, clientId + "-producer");
      producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
      producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      p = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
      Map<String, Object> consumerConfig = withClientId(common, clientId + "-consumer");
      consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c =
          new KafkaConsumer<>(
              consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      c.assign(List.of(partition));
      c.seekToBeginning(List.of(partition));
      started = true;
    } finally {
      if (!started) {
        if (p != null) {
          p.close(Duration.ZERO);
        }
        if (c != null) {
          c.close(Duration.ZERO);
        }
        admin.close(Duration.ZERO);
      }
    }
    this.producer = p;
    this.consumer = c;
    this.reader = new Thread(this::readLoop, "schema-store-reader-" + topic);
    reader.setDaemon(true);
    reader.start();
    try {
      awaitApplied(endOffset(), STARTUP_TIMEOUT);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info(
        "Schema store replayed {} (next offset {}): {} schema ids",
        partition,
        appliedOffset(),
        state.maxId());
  }

  private static Map<String, Object> withClientId(Map<String, Object> common, String id) {
    Map<String, Object> out = new HashMap<>(common);
    out.put(AdminClientConfig.CLIENT_ID_CONFIG, id);
    return out;
  }

  private void ensureTopic() {
    try {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      short replication = (short) Math.max(1, Math.min(3, brokers));
      NewTopic newTopic =
          new NewTopic(topic, 1, replication)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        log.info(
            "Created schema topic {} (1 partition, replication {}, compacted)", topic, replication);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      if (description.partitions().size() != 1) {
        throw new IllegalStateException(
            "Schema topic "
                + topic
                + " has "
                + description.partitions().size()
                + " partitions; it needs exactly 1 for a total order of schema writes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while preparing schema topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create or describe schema topic " + topic + ": " + e, e);
    }
  }

  private long endOffset() {
    try {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get(30, TimeUnit.SECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("Interrupted while reading the end offset of " + partition, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Cannot read the end offset of schema topic " + partition + ": " + e,
          e);
    }
  }

  private void readLoop() {
    try {
      while (!closing) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
        long position = consumer.position(partition);
        lock.lock();
        try {
          if (position > applied) {
            applied = position;
            advanced.signalAll();
          }
        } finally {
          lock.unlock();
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        readerFailure = new IllegalStateException("Schema store reader woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("Schema store reader of {} stopped at offset {}", partition, appliedOffset(), e);
      readerFailure = e;
    } finally {
      lock.lock();
      try {
        advanced.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Applies one record to the state; the outcome is kept when this process wrote the record. */
  private void apply(ConsumerRecord<byte[], byte[]> record) {
    Object outcome;
    try {
      outcome = applyCommand(record);
    } catch (SchemaRegistryException e) {
      outcome = e;
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Skipping unreadable schema record at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      outcome =
          new SchemaRegistryException(
              500,
              SchemaRegistryException.STORE_ERROR,
              "Unreadable schema record at offset " + record.offset() + ": " + e,
              e);
    }
    Header header = record.headers().lastHeader(ORIGIN_HEADER);
    if (header != null && Arrays.equals(header.value(), origin)) {
      outcomes.put(record.offset(), outcome);
    }
  }

  private Object applyCommand(ConsumerRecord<byte[], byte[]> record) throws IOException {
    JsonNode key = JSON.readTree(record.key());
    String type = key.path("keytype").asText();
    JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
    switch (type) {
      case SCHEMA_KEY:
        return state.register(
            value.path("subject").asText(),
            RegistryState.parse(value.path("schema").asText()),
            CompatibilityLevel.parse(value.path("compatibility").asText()));
      case CONFIG_KEY:
        String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
        if (value == null) {
          return Optional.ofNullable(state.clearSubjectLevel(subject));
        }
        CompatibilityLevel level = CompatibilityLevel.parse(value.path("compatibility").asText());
        state.setLevel(subject, level);
        return level;
      case DELETE_SUBJECT_KEY:
        return state.deleteSubject(
            value.path("subject").asText(), value.path("permanent").asBoolean());
      default:
        throw new IOException(
            "unknown keytype '"
                + type
                + "' (not written by this registry; is a Confluent Schema Registry using the same"
                + " topic?)");
    }
  }

  private long appliedOffset() {
    lock.lock();
    try {
      return applied;
    } finally {
      lock.unlock();
    }
  }

  private void awaitApplied(long offsetExclusive, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (applied < offsetExclusive) {
        if (readerFailure != null) {
          throw new SchemaRegistryException(
              500,
              SchemaRegistryException.STORE_ERROR,
              "Schema store reader of " + partition + " failed: " + readerFailure,
              readerFailure);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw timeout(
              "Timed out after "
                  + timeout.toMillis()
                  + " ms waiting for "
                  + partition
                  + " to reach offset "
                  + offsetExclusive
                  + " (at "
                  + applied
                  + ")",
              null);
        }
        advanced.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("Interrupted while waiting for " + partition, e);
    } finally {
      lock.unlock();
    }
  }

  private static SchemaRegistryException timeout(String message, Throwable cause) {
    return new SchemaRegistryException(
        500, SchemaRegistryException.OPERATION_TIMEOUT, message, cause);
  }

  /** Produces one command, waits until it has been applied here, and returns its outcome. */
  private Object write(ObjectNode key, ObjectNode value) {
    ProducerRecord<byte[], byte[]> record;
    try {
      record =
          new ProducerRecord<>(
              topic,
              0,
              JSON.writeValueAsBytes(key),
              value == null ? null : JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    record.headers().add(ORIGIN_HEADER, origin);
    long offset;
    try {
      offset = producer.send(record).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("Interrupted while writing to " + partition, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Cannot write to schema topic " + partition + ": " + e,
          e);
    }
    awaitApplied(offset + 1, WRITE_TIMEOUT);
    Object outcome = outcomes.remove(offset);
    if (outcome == null) {
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Schema record at " + partition + " offset " + offset + " was not replayed");
    }
    if (outcome instanceof SchemaRegistryException e) {
      // A fresh exception, so the stack trace shows this request, not the reader thread.
      throw new SchemaRegistryException(e.status(), e.errorCode(), stripStatus(e), e);
    }
    return outcome;
  }

  private static String stripStatus(SchemaRegistryException e) {
    String m = e.getMessage();
    int cut = m.lastIndexOf(" (HTTP ");
    return cut > 0 ? m.substring(0, cut) : m;
  }

  private static ObjectNode key(String type) {
    return JSON.createObjectNode().put("keytype", type);
  }

  @Override
  RegistryState state() {
    return state;
  }

  @Override
  void catchUp() {
    awaitApplied(endOffset(), WRITE_TIMEOUT);
  }

  @Override
  RegisteredSchema register(String subject, Schema schema) {
    String canonical = RegistryState.canonical(schema);
    RegisteredSchema existing = state.findLive(subject, canonical);
    if (existing != null) {
      return existing;
    }
    CompatibilityLevel level = state.effectiveLevel(subject);
    List<String> problems = state.testCompatibility(subject, schema, null);
    if (!problems.isEmpty()) {
      // Fail fast without writing; replay would reject it the same way.
      throw RegistryState.incompatible(subject, problems);
    }
    ObjectNode value =
        JSON.createObjectNode()
            .put("subject", subject)
            .put("schema", canonical)
            .put("compatibility", level.name());
    return (RegisteredSchema)
        write(
            key(SCHEMA_KEY).put("subject", subject).put("uuid", UUID.randomUUID().toString()),
            value);
  }

  @Override
  void setLevel(String subjectOrNull, CompatibilityLevel level) {
    write(
        key(CONFIG_KEY).put("subject", subjectOrNull),
        JSON.createObjectNode().put("compatibility", level.name()));
  }

  @Override
  CompatibilityLevel clearLevel(String subject) {
    if (state.subjectLevel(subject) == null) {
      return null;
    }
    Object outcome = write(key(CONFIG_KEY).put("subject", subject), null);
    return outcome instanceof Optional<?> o ? (CompatibilityLevel) o.orElse(null) : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  List<Integer> deleteSubject(String subject, boolean permanent) {
    ObjectNode value = JSON.createObjectNode().put("subject", subject).put("permanent", permanent);
    return (List<Integer>)
        write(
            key(DELETE_SUBJECT_KEY)
                .put("subject", subject)
                .put("uuid", UUID.randomUUID().toString()),
            value);
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (reader != null) {
      try {
        reader.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    admin.close(Duration.ofSeconds(5));
  }
}
