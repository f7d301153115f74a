package dev.paperspipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
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
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema store in a compacted, single-partition Kafka topic (default {@value #DEFAULT_TOPIC}) in
 * Confluent Schema Registry's own record format ({@link ConfluentRecords}), so ids survive
 * restarts, every registry process over one cluster agrees on them, and a Confluent Schema Registry
 * can take the topic over (and we can take over its topic).
 *
 * <p>Design. Every write (registration, configuration, deletion) is only <em>produced</em> to the
 * topic; the store's state changes solely by its own consumer applying records in log order. A
 * writer first catches up with the log, then writes the id and version it chose, as Confluent's
 * leader does. There is no leader election here: two processes registering at once may choose the
 * same version or id; replay keeps the first record and ignores the later one, exactly as
 * Confluent's store ignores a second schema with an id already in use, so every process computes
 * the same state. The writer whose record lost learns it from its own record's outcome, rewrites
 * the winner's record under the contested key (so compaction, which keeps the last value per key,
 * keeps the winner) and tries again with fresh numbers.
 *
 * <p>Key types this registry does not use (Confluent's {@code MODE}, {@code CONTEXT}, ...) are
 * skipped.
 *
 * <p>Reads are answered from the local replayed state; a read that misses first catches up with the
 * log end, so a schema registered through another process is found.
 */
public final class KafkaSchemaStore extends SchemaStore {
  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Confluent's topic name and record format: a Confluent Schema Registry can take this topic over
   * once this registry is stopped (never run both as writers on one topic at once: Confluent's
   * leader does not expect another writer).
   */
  public static final String DEFAULT_TOPIC = "_schemas";

  private static final int MAX_WRITE_ATTEMPTS = 20;
  private static final Object SKIPPED = "skipped";

  private static final String ORIGIN_HEADER = "papers.registry.origin";

  /**
   * Bounds each step of a write (catching up, the produce, reading it back), so a client waiting
   * with the usual 30 s request timeout gets a 500 naming the cause rather than no answer.
   */
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READ_CATCH_UP_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STALE_READ_WARNING_INTERVAL = Duration.ofMinutes(1);

  private final String topic;
  private final TopicPartition partition;
  private final byte[] origin = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
  private final RegistryState state = new RegistryState();
  private final Set<String> skippedKeyTypes = ConcurrentHashMap.newKeySet();
  // Serializes this process's writes, so they never race each other.
  private final ReentrantLock writeLock = new ReentrantLock();
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
  private volatile long lastStaleReadWarning =
      System.nanoTime() - STALE_READ_WARNING_INTERVAL.toNanos();

  /** A store in topic {@value #DEFAULT_TOPIC} of the cluster at {@code bootstrapServers}. */
  public KafkaSchemaStore(String bootstrapServers) {
    this(bootstrapServers, DEFAULT_TOPIC, Map.of());
  }

  /**
   * A store in {@code topic}, created when missing (one partition, {@code cleanup.policy=compact},
   * replication factor min(3, brokers), {@code min.insync.replicas} 2 with 3 replicas, else 1).
   * Returns once the existing log has been replayed.
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
      // send() waits for metadata up to max.block.ms (60 s by default), outside write()'s bound.
      producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
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
      awaitApplied(endOffset(STARTUP_TIMEOUT), STARTUP_TIMEOUT);
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

  /**
   * Describes the schema topic, waiting while the broker that answers has not yet learnt of a topic
   * that was just created (metadata propagates asynchronously, slowly on a loaded machine).
   */
  private TopicDescription describeWhenKnown()
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long backoffMs = 50;
    while (true) {
      try {
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(backoffMs);
        backoffMs = Math.min(1000, backoffMs * 2);
      }
    }
  }

  private void ensureTopic() {
    try {
      int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      short replication = (short) Math.max(1, Math.min(3, brokers));
      // The cluster's durability whatever its broker defaults: with 3 replicas a write needs 2
      // (one broker may be down), as Confluent's registry asks of its _schemas.
      int minInSync = Math.max(1, Math.min(2, replication - 1));
      NewTopic newTopic =
          new NewTopic(topic, 1, replication)
              .configs(
                  Map.of(
                      TopicConfig.CLEANUP_POLICY_CONFIG,
                      TopicConfig.CLEANUP_POLICY_COMPACT,
                      TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                      Integer.toString(minInSync)));
      try {
        admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        log.info(
            "Created schema topic {} (1 partition, replication {}, min.insync.replicas {},"
                + " compacted)",
            topic,
            replication,
            minInSync);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      TopicDescription description = describeWhenKnown();
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
          "Cannot create or describe schema topic "
              + topic
              + ": "
              + SchemaRegistryException.reason(e),
          e);
    }
  }

  private long endOffset(Duration timeout) {
    try {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("Interrupted while reading the end offset of " + partition, e);
    } catch (ExecutionException | TimeoutException e) {
      String reason =
          e instanceof TimeoutException
              ? "no answer from the cluster within " + timeout.toMillis() + " ms"
              : SchemaRegistryException.reason(e);
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Cannot read the end offset of schema topic " + partition + ": " + reason,
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
              "Unreadable schema record at offset "
                  + record.offset()
                  + ": "
                  + SchemaRegistryException.reason(e),
              e);
    }
    Header header = record.headers().lastHeader(ORIGIN_HEADER);
    if (header != null && Arrays.equals(header.value(), origin)) {
      outcomes.put(record.offset(), outcome);
    }
  }

  private Object applyCommand(ConsumerRecord<byte[], byte[]> record) throws IOException {
    JsonNode key = JSON.readTree(record.key());
    String type = key == null ? "" : key.path("keytype").asText();
    JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
    String subject = key != null && key.hasNonNull("subject") ? key.get("subject").asText() : null;
    switch (type) {
      case ConfluentRecords.SCHEMA:
        return applySchema(record, subject, key.path("version").asInt(), value);
      case ConfluentRecords.CONFIG:
        if (value == null) {
          if (subject == null) {
            state.setLevel(null, CompatibilityLevel.DEFAULT);
            return Optional.empty();
          }
          return Optional.ofNullable(state.clearSubjectLevel(subject));
        }
        if (!value.hasNonNull("compatibilityLevel")) {
          return SKIPPED; // a config record carrying only settings this registry has not got
        }
        CompatibilityLevel level =
            CompatibilityLevel.parse(value.get("compatibilityLevel").asText());
        state.setLevel(subject, level);
        return level;
      case ConfluentRecords.DELETE_SUBJECT:
        return value == null
            ? SKIPPED
            : state.softDeleteUpTo(subject, value.path("version").asInt());
      case ConfluentRecords.NOOP:
        return SKIPPED;
      default:
        if (skippedKeyTypes.add(type)) {
          log.info(
              "Skipping {} records of {} (first at offset {}): not used by this registry",
              type.isEmpty() ? "unreadable" : type,
              partition,
              record.offset());
        }
        return SKIPPED;
    }
  }

  private Object applySchema(
      ConsumerRecord<byte[], byte[]> record, String subject, int version, JsonNode value) {
    if (value == null) {
      state.removeVersion(subject, version);
      return SKIPPED;
    }
    String schemaType = value.path("schemaType").asText("AVRO");
    JsonNode references = value.get("references");
    if (!"AVRO".equals(schemaType) || (references != null && !references.isEmpty())) {
      log.warn(
          "Skipping {} version {} at {} offset {}: {} schemas{} are not supported",
          subject,
          version,
          partition,
          record.offset(),
          schemaType,
          references != null && !references.isEmpty() ? " with references" : "");
      // Its id stays taken, so a registry taking the topic back over finds no duplicate.
      state.reserveId(value.path("id").asInt());
      return SKIPPED;
    }
    Schema schema;
    try {
      schema = RegistryState.parse(value.path("schema").asText());
    } catch (SchemaRegistryException e) {
      log.warn(
          "Skipping {} version {} at {} offset {}: {}",
          subject,
          version,
          partition,
          record.offset(),
          e.getMessage());
      throw e;
    }
    Object outcome =
        state.applyVersion(
            subject, version, value.path("id").asInt(), schema, value.path("deleted").asBoolean());
    if (outcome instanceof RegistryState.Conflict c) {
      log.warn(
          "Ignoring {} version {} at {} offset {}: {} (an earlier record wins)",
          subject,
          version,
          partition,
          record.offset(),
          c.reason());
    }
    return outcome;
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
              "Schema store reader of "
                  + partition
                  + " failed: "
                  + SchemaRegistryException.reason(readerFailure),
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
  private Object write(byte[] key, byte[] value) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, key, value);
    record.headers().add(ORIGIN_HEADER, origin);
    long offset;
    try {
      offset = producer.send(record).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("Interrupted while writing to " + partition, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RecordTooLargeException) {
        throw new SchemaRegistryException(
            422,
            SchemaRegistryException.SCHEMA_TOO_LARGE,
            "Write failed because schema is too large: "
                + SchemaRegistryException.reason(e.getCause()),
            e);
      }
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Cannot write to schema topic " + partition + ": " + SchemaRegistryException.reason(e),
          e);
    } catch (TimeoutException e) {
      throw timeout("Timed out writing to schema topic " + partition, e);
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

  @Override
  RegistryState state() {
    return state;
  }

  @Override
  void catchUp() {
    awaitApplied(endOffset(WRITE_TIMEOUT), WRITE_TIMEOUT);
  }

  @Override
  void catchUpBeforeRead() {
    try {
      awaitApplied(endOffset(READ_CATCH_UP_TIMEOUT), READ_CATCH_UP_TIMEOUT);
    } catch (SchemaRegistryException e) {
      // Reads stay available while the cluster is not: Confluent's registry also answers them
      // from its replayed cache. Writes still fail with the cause.
      long now = System.nanoTime();
      if (now - lastStaleReadWarning > STALE_READ_WARNING_INTERVAL.toNanos()) {
        lastStaleReadWarning = now;
        log.warn(
            "Answering reads from the schemas replayed so far ({} up to offset {}): {}",
            partition,
            appliedOffset(),
            e.getMessage());
      }
    }
  }

  @Override
  RegisteredSchema register(String subject, Schema schema) {
    String canonical = RegistryState.canonical(schema);
    RegisteredSchema existing = state.findLive(subject, canonical);
    if (existing != null) {
      return existing;
    }
    writeLock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        catchUp();
        existing = state.findLive(subject, canonical);
        if (existing != null) {
          return existing;
        }
        List<String> problems = state.testCompatibility(subject, schema, null);
        if (!problems.isEmpty()) {
          throw RegistryState.incompatible(subject, problems);
        }
        RegistryState.Planned plan = state.plan(subject, canonical);
        Object outcome =
            write(
                ConfluentRecords.schemaKey(subject, plan.version()),
                ConfluentRecords.schemaValue(subject, plan.version(), plan.id(), canonical, false));
        if (outcome instanceof RegisteredSchema registered) {
          return registered;
        }
        RegistryState.Conflict conflict = (RegistryState.Conflict) outcome;
        if (conflict.sameKey()) {
          restoreWinner(subject, plan.version());
        }
        if (attempt >= MAX_WRITE_ATTEMPTS) {
          throw new SchemaRegistryException(
              500,
              SchemaRegistryException.STORE_ERROR,
              "Could not register a schema under subject "
                  + subject
                  + ": other registries kept taking the same version or id");
        }
        log.info(
            "Registration under {} lost a race ({}); retrying (attempt {})",
            subject,
            conflict.reason(),
            attempt + 1);
        backOff(attempt);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** A short random pause, so registries racing for the same numbers stop colliding. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 10) + 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("Interrupted while registering", e);
    }
  }

  /** Writes the winning record of a contested subject version again, so compaction keeps it. */
  private void restoreWinner(String subject, int version) {
    for (RegistryState.StoredVersion v : state.allVersions()) {
      if (v.subject().equals(subject) && v.version() == version) {
        write(
            ConfluentRecords.schemaKey(subject, version),
            ConfluentRecords.schemaValue(
                subject, version, v.id(), RegistryState.canonical(v.schema()), v.deleted()));
        return;
      }
    }
  }

  @Override
  void setLevel(String subjectOrNull, CompatibilityLevel level) {
    write(
        ConfluentRecords.configKey(subjectOrNull),
        ConfluentRecords.configValue(subjectOrNull, level));
  }

  @Override
  CompatibilityLevel clearLevel(String subject) {
    if (state.subjectLevel(subject) == null) {
      return null;
    }
    Object outcome = write(ConfluentRecords.configKey(subject), null);
    return outcome instanceof Optional<?> o ? (CompatibilityLevel) o.orElse(null) : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  List<Integer> deleteSubject(String subject, boolean permanent) {
    writeLock.lock();
    try {
      catchUp();
      List<Integer> versions = state.checkDelete(subject, permanent);
      if (!permanent) {
        return (List<Integer>)
            write(
                ConfluentRecords.deleteSubjectKey(subject),
                ConfluentRecords.deleteSubjectValue(subject, versions.get(versions.size() - 1)));
      }
      // Descending, as Confluent does.
      for (int i = versions.size() - 1; i >= 0; i--) {
        write(ConfluentRecords.schemaKey(subject, versions.get(i)), null);
      }
      if (state.subjectLevel(subject) != null) {
        write(ConfluentRecords.configKey(subject), null);
      }
      return versions;
    } finally {
      writeLock.unlock();
    }
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
