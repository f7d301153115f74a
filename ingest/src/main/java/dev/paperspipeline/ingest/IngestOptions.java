package dev.paperspipeline.ingest;

import dev.paperspipeline.clients.ClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link DigestIngester} connects and produces.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param schemaRegistryUrl schema registry URL for the Avro serializer ({@code mock://scope} in
 *     tests)
 * @param transactionalId the producer's {@code transactional.id}; must be stable for one inbox or
 *     input directory so that a restart fences and aborts the transaction a crashed run left open
 * @param year the digests' year when known (otherwise inferred from the file name or mtime)
 * @param partitions partitions of the topics created when missing
 * @param replication replicas of the topics created when missing; 0 = min(3, brokers)
 * @param producerOverrides producer settings applied last (tuning, security)
 * @param maxRecordsPerTransaction a transaction is committed once it holds this many records (whole
 *     files only: a file is never split over two transactions)
 * @param clients the user's client settings (security, tuning; {@code --config}, {@code -X}):
 *     admin, ledger consumer and producer each get their view; null means none
 */
public record IngestOptions(
    String bootstrapServers,
    String schemaRegistryUrl,
    String transactionalId,
    Integer year,
    int partitions,
    int replication,
    Map<String, Object> producerOverrides,
    int maxRecordsPerTransaction,
    ClientConfig clients) {

  /** Default of {@link #maxRecordsPerTransaction()}. */
  public static final int DEFAULT_MAX_RECORDS_PER_TRANSACTION = 5000;

  /** Prefix of the default transactional id. */
  public static final String TRANSACTIONAL_ID_PREFIX = "papers-ingest-";

  /** How long a transaction may stay open before the broker aborts it. */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

  public IngestOptions {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    Objects.requireNonNull(transactionalId, "transactionalId");
    producerOverrides = Map.copyOf(producerOverrides == null ? Map.of() : producerOverrides);
    if (maxRecordsPerTransaction < 1) {
      throw new IllegalArgumentException(
          "maxRecordsPerTransaction must be >= 1, got " + maxRecordsPerTransaction);
    }
    if (clients == null) {
      clients = ClientConfig.of(bootstrapServers, schemaRegistryUrl);
    }
  }

  /** Options without client settings beyond the servers and the registry URL. */
  public IngestOptions(
      String bootstrapServers,
      String schemaRegistryUrl,
      String transactionalId,
      Integer year,
      int partitions,
      int replication,
      Map<String, Object> producerOverrides,
      int maxRecordsPerTransaction) {
    this(
        bootstrapServers,
        schemaRegistryUrl,
        transactionalId,
        year,
        partitions,
        replication,
        producerOverrides,
        maxRecordsPerTransaction,
        null);
  }

  /** Options with the servers, registry and every client setting of {@code clients}. */
  public static IngestOptions of(ClientConfig clients, Path home) {
    return of(clients.bootstrapServers(), clients.schemaRegistryUrl(), home).withClients(clients);
  }

  /** The same options with {@code newClients}' servers, registry URL and client settings. */
  public IngestOptions withClients(ClientConfig newClients) {
    return new IngestOptions(
        newClients.bootstrapServers(),
        newClients.schemaRegistryUrl(),
        transactionalId,
        year,
        partitions,
        replication,
        producerOverrides,
        maxRecordsPerTransaction,
        newClients);
  }

  /** Options with default topic settings and the transactional id derived from {@code home}. */
  public static IngestOptions of(String bootstrapServers, String schemaRegistryUrl, Path home) {
    return new IngestOptions(
        bootstrapServers,
        schemaRegistryUrl,
        defaultTransactionalId(home),
        null,
        TopicsCreator.DEFAULT_PARTITIONS,
        0,
        Map.of(),
        DEFAULT_MAX_RECORDS_PER_TRANSACTION);
  }

  public IngestOptions withTransactionalId(String id) {
    return new IngestOptions(
        bootstrapServers,
        schemaRegistryUrl,
        id,
        year,
        partitions,
        replication,
        producerOverrides,
        maxRecordsPerTransaction,
        clients);
  }

  public IngestOptions withYear(Integer newYear) {
    return new IngestOptions(
        bootstrapServers,
        schemaRegistryUrl,
        transactionalId,
        newYear,
        partitions,
        replication,
        producerOverrides,
        maxRecordsPerTransaction,
        clients);
  }

  public IngestOptions withTopicLayout(int newPartitions, int newReplication) {
    return new IngestOptions(
        bootstrapServers,
        schemaRegistryUrl,
        transactionalId,
        year,
        newPartitions,
        newReplication,
        producerOverrides,
        maxRecordsPerTransaction,
        clients);
  }

  public IngestOptions withProducerOverrides(Map<String, Object> overrides) {
    return new IngestOptions(
        bootstrapServers,
        schemaRegistryUrl,
        transactionalId,
        year,
        partitions,
        replication,
        overrides,
        maxRecordsPerTransaction,
        clients);
  }

  public IngestOptions withMaxRecordsPerTransaction(int max) {
    return new IngestOptions(
        bootstrapServers,
        schemaRegistryUrl,
        transactionalId,
        year,
        partitions,
        replication,
        producerOverrides,
        max,
        clients);
  }

  /**
   * {@code papers-ingest-} plus a hash of the directory's real path (links resolved; for a
   * directory that does not exist yet, its nearest existing parent's real path plus the rest): the
   * same inbox always gets the same id, whichever path leads to it (so a restart fences its crashed
   * predecessor at once), two inboxes never share one.
   */
  public static String defaultTransactionalId(Path home) {
    String path = realPath(home).toString();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
      return TRANSACTIONAL_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static Path realPath(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !java.nio.file.Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (java.io.IOException e) {
      return absolute;
    }
  }
}
