package dev.paperspipeline.ingest;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.registry.AvroSerializer;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns digest files into Kafka records, exactly once per file content.
 *
 * <p>A file's {@link PaperEvent}s (to {@value Topics#PAPERS_RAW}, key paperId, {@code file.*}
 * lineage headers), its {@link DeadLetter}s (one per rejected entry, or one for a wholly rejected
 * file, to {@value Topics#DEAD_LETTER}) and its {@link IngestLedgerEntry} (to the compacted {@value
 * Topics#INGEST_LEDGER}, key = the file's SHA-256) and its {@link DigestFile} (to {@value
 * Topics#DIGEST_FILES}, same key) are always in the same Kafka transaction. A transaction holds one
 * or more whole files. A file whose SHA-256 is already in the ledger is not produced again,
 * whatever its name: the ledger is read at start, again when a file is claimed, and once more right
 * before each commit, so that this holds across ingesters running on other inboxes of the same
 * cluster (see {@link IngestLedger}); such a file gets a DUPLICATE {@link DigestFile} record in a
 * transaction of its own, unless it is the very file this ingester committed (left in the inbox by
 * a crash between its commit and its move). A file that changed on disk after it was claimed is not
 * committed either (its transaction is aborted, the file reported as RETRY).
 *
 * <p>Why transactions rather than "idempotent producer + ledger": idempotence only removes
 * duplicates caused by the producer's own retries within one producer session. After a crash in the
 * middle of a file, a restarted ingester cannot know which of the file's records reached the
 * broker, so "resume" would either lose papers (skip the file) or duplicate them (send it again),
 * and a ledger written separately could say DONE for a file whose papers were only half written (or
 * the reverse). In one transaction the papers, dead letters and ledger entry become visible
 * together or not at all: a restarted ingester with the same {@code transactional.id} fences the
 * dead one and aborts its open transaction in {@code initTransactions()}, reads the ledger with
 * {@code read_committed}, and re-sends the unfinished files from their start. Downstream consumers
 * (Kafka Streams with exactly_once_v2) read {@code read_committed} and never see the aborted part.
 * The cost is a commit round trip per transaction; committing per file made it the bottleneck
 * (about 30 ms per file on the embedded broker), hence several files per transaction.
 *
 * <p>Not thread-safe: one ingester per inbox, used from one thread.
 */
public final class DigestIngester implements AutoCloseable {
  /**
   * Paper ids a digest-files record carries at most (the first ones of the file): enough for
   * near-duplicate detection of any real digest, while a huge streamed file neither holds every id
   * in memory nor makes a record larger than the producer's request limit (5,000 ids are ~165 KB).
   */
  static final int MAX_DIGEST_FILE_PAPER_IDS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(DigestIngester.class);

  /** Lineage header: the digest file's base name. */
  public static final String HEADER_FILE_NAME = "file.name";

  /** Lineage header: lower-case hex SHA-256 of the file's bytes. */
  public static final String HEADER_FILE_SHA256 = "file.sha256";

  /** Lineage header: 1-based line of the entry in the file. */
  public static final String HEADER_FILE_LINE = "file.line";

  /** Lineage header: 1-based position of the paper among the file's papers. */
  public static final String HEADER_FILE_ORDINAL = "file.ordinal";

  /** Dead-letter stage of one rejected entry. */
  public static final String STAGE_ENTRY = "INGEST_ENTRY";

  /** Dead-letter stage of a wholly rejected file. */
  public static final String STAGE_FILE = "INGEST_FILE";

  /** Ledger status of a file whose papers were produced. */
  public static final String LEDGER_DONE = "DONE";

  /** Ledger status of a file that was rejected as a whole. */
  public static final String LEDGER_ERROR = "ERROR";

  /** Most raw bytes a dead letter carries. */
  public static final int MAX_RAW_BYTES = 64 * 1024;

  private final IngestOptions options;
  private final DigestFileParser parser;
  private final Clock clock;
  private final IngestLedger ledger;
  private long lastClaimRefresh = System.nanoTime();

  /** Longest time between two ledger reads when files are claimed one after the other. */
  private static final Duration CLAIM_REFRESH_INTERVAL = Duration.ofSeconds(1);

  /** Commits tried for one transaction whose files other ingesters keep committing first. */
  private static final int MAX_COMMIT_ATTEMPTS = 3;

  // The first paper of each duplicate file of the current call, for its DUPLICATE record.
  private final Map<String, ParsedPaper> firstPapers = new HashMap<>();
  // Volatile: producerMetrics() reads it from a metrics scrape thread.
  private volatile Producer<String, SpecificRecord> producer;
  private KafkaException lastFailure;
  private final ExecutorService parseExecutor =
      Executors.newFixedThreadPool(
          PARSER_THREADS,
          r -> {
            Thread t = new Thread(r, "papers-ingest-parser");
            t.setDaemon(true);
            return t;
          });

  /**
   * Threads parsing ahead of the sending thread. One is enough: the sender waits for the broker's
   * acknowledgements at commit, not for the parser.
   */
  private static final int PARSER_THREADS = 1;

  /** Files parsed ahead of the one being sent. */
  private static final int PARSE_AHEAD = 2;

  private DigestIngester(
      IngestOptions options,
      DigestFileParser parser,
      Clock clock,
      Producer<String, SpecificRecord> producer,
      IngestLedger ledger) {
    this.options = options;
    this.parser = parser;
    this.clock = clock;
    this.producer = producer;
    this.ledger = ledger;
  }

  /**
   * Creates the pipeline topics when missing, starts the transactional producer (fencing and
   * aborting whatever a previous ingester with the same transactional id left open) and then reads
   * the ledger.
   */
  public static DigestIngester open(IngestOptions options) {
    return open(options, Clock.systemUTC());
  }

  /** As {@link #open(IngestOptions)} with the clock used for ingestedAt and the year inference. */
  public static DigestIngester open(IngestOptions options, Clock clock) {
    Map<String, Object> adminConfig = new HashMap<>(options.clients().admin());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    try (Admin admin = Admin.create(adminConfig)) {
      new TopicsCreator(admin, options.partitions(), options.replication()).ensure(Topics.ALL);
    }
    Producer<String, SpecificRecord> producer = newProducer(options);
    try {
      // Must come before reading the ledger: it aborts a crashed predecessor's open transaction,
      // which would otherwise hold back the last stable offset the ledger is read up to.
      producer.initTransactions();
      IngestLedger ledger = IngestLedger.open(options);
      log.info(
          "Ingester {} ready: {} files in the ledger", options.transactionalId(), ledger.size());
      return new DigestIngester(
          options, DigestFileParser.create(options.year(), clock), clock, producer, ledger);
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
  }

  private static Producer<String, SpecificRecord> newProducer(IngestOptions options) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId());
    config.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        (int) IngestOptions.TRANSACTION_TIMEOUT.toMillis());
    // One request in flight: see PipelineConfig (transactions v2 and batches that overtake).
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, options.schemaRegistryUrl());
    // The user's settings (security, tuning) win over ours, except what exactly-once rests on.
    config.putAll(options.clients().producer());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId());
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, options.schemaRegistryUrl());
    config.putAll(options.producerOverrides());
    AvroSerializer<SpecificRecord> valueSerializer = new AvroSerializer<>();
    valueSerializer.configure(config, false);
    return new KafkaProducer<>(config, new StringSerializer(), valueSerializer);
  }

  /** The ledger status (DONE or ERROR) of a file content, if it was ingested before. */
  public Optional<String> ledgerStatus(String sha256) {
    return Optional.ofNullable(ledger.get(sha256));
  }

  /**
   * The current producer's Kafka metrics (for {@code PipelineMetrics#registerKafkaMetrics}); empty
   * while no producer is open. Safe to call from another thread: a scrape may see the metrics of a
   * producer that is being replaced after a failure.
   */
  public Map<MetricName, ? extends Metric> producerMetrics() {
    Producer<String, SpecificRecord> current = producer;
    return current == null ? Map.of() : current.metrics();
  }

  /** Number of file contents in the ledger. */
  public int ledgerSize() {
    return ledger.size();
  }

  /**
   * Ingests one file in its own transaction, or does nothing when the ledger already holds the same
   * bytes.
   *
   * @throws IOException when the file cannot be read (nothing was produced)
   * @throws IngestException when Kafka refused the transaction (nothing was committed)
   */
  public FileOutcome ingest(Path file) throws IOException {
    DigestFileParser.Parsed parsed =
        awaitParse(file, parseExecutor.submit(() -> parser.parse(file)));
    List<FileOutcome> outcomes = new ArrayList<>(1);
    try {
      Consumer<FileOutcome> done = recordingDuplicates(outcomes::add);
      Transaction tx = add(null, parsed, done);
      if (tx != null) {
        commitOrRedo(tx, done);
      }
    } finally {
      firstPapers.clear();
    }
    FileOutcome outcome = outcomes.get(0);
    if (outcome.status() == FileOutcome.Status.FAILED) {
      throw new IngestException(
          outcome.fileName() + ": transaction failed, nothing committed", lastFailure, false);
    }
    return outcome;
  }

  /** Told about a file that could not be read (it produced nothing). */
  public interface UnreadableHandler {
    void unreadable(Path file, IOException error);
  }

  /**
   * Ingests files in order, several files per transaction (up to {@link
   * IngestOptions#maxRecordsPerTransaction()} records): committing once per file would make the
   * transaction round trips, not parsing or sending, the bottleneck. Each file still gets its own
   * ledger entry inside the transaction that holds its papers, so "exactly once per file" holds; a
   * crash redoes every file of the open transaction. {@code done} is told each file's outcome once
   * it is final (after the commit holding it), in file order.
   *
   * <p>A Kafka failure aborts the open transaction: its files come back FAILED (nothing of them was
   * committed) and ingesting goes on with the next files on a fresh transaction.
   *
   * @throws IngestException (fatal) when another ingester took over the transactional id
   */
  public void ingestAll(
      List<Path> files, Consumer<FileOutcome> reported, UnreadableHandler unreadableHandler) {
    try {
      ingestAll(files, unreadableHandler, recordingDuplicates(reported));
    } finally {
      firstPapers.clear();
    }
  }

  private void ingestAll(
      List<Path> files, UnreadableHandler unreadableHandler, Consumer<FileOutcome> done) {
    Transaction tx = null;
    // Parsing (read, hash, decode) runs one file ahead on another thread, so that it overlaps
    // with serializing and sending the previous file.
    Deque<Future<DigestFileParser.Parsed>> ahead = new ArrayDeque<>();
    int next = 0;
    for (Path file : files) {
      while (next < files.size() && ahead.size() < PARSE_AHEAD) {
        Path toParse = files.get(next++);
        ahead.add(parseExecutor.submit(() -> parser.parse(toParse)));
      }
      DigestFileParser.Parsed parsed;
      try {
        parsed = awaitParse(file, ahead.poll());
      } catch (IOException e) {
        unreadableHandler.unreadable(file, e);
        continue;
      }
      tx = add(tx, parsed, done);
    }
    if (tx != null) {
      commitOrRedo(tx, done);
    }
  }

  /**
   * Reports outcomes, each DUPLICATE after its {@link DigestFile} record was committed in a
   * transaction of its own (called only between transactions). A crash between that commit and the
   * file's move writes the record again on restart: readers count duplicates by file name and
   * SHA-256.
   */
  private Consumer<FileOutcome> recordingDuplicates(Consumer<FileOutcome> done) {
    return outcome -> {
      if (outcome.status() == FileOutcome.Status.DUPLICATE) {
        recordDuplicate(outcome);
      }
      done.accept(outcome);
    };
  }

  private void recordDuplicate(FileOutcome outcome) {
    String sha = outcome.sha256();
    if (ledger.ownEntry(sha, outcome.fileName())) {
      log.info("{}: committed before by this ingester; no digest-files record", outcome.fileName());
      return;
    }
    if (producer == null) {
      log.warn("{}: no producer after a failure; no digest-files record", outcome.fileName());
      return;
    }
    ParsedPaper first = firstPapers.get(sha);
    DigestFile record =
        digestFile(
            outcome.fileName(),
            sha,
            first,
            FileOutcome.Status.DUPLICATE.name(),
            0,
            0,
            List.of(),
            ledger.fileName(sha),
            clock.instant());
    try {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(Topics.DIGEST_FILES, null, null, sha, record));
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw fenced(e);
    } catch (KafkaException e) {
      log.warn("{}: digest-files record not written: {}", outcome.fileName(), e.toString());
      abortQuietly();
    }
  }

  private static DigestFile digestFile(
      String name,
      String sha,
      ParsedPaper first,
      String status,
      int papers,
      int rejected,
      List<String> paperIds,
      String duplicateOf,
      Instant now) {
    return DigestFile.newBuilder()
        .setFileSha256(sha)
        .setFileName(name)
        .setDigestDate(first == null ? null : first.digestDate())
        .setDigestDateSource(first == null ? null : first.digestDateSource())
        .setStatus(status)
        .setPapers(papers)
        .setRejected(rejected)
        .setPaperIds(paperIds)
        .setDuplicateOf(duplicateOf)
        .setProcessedAt(now)
        .build();
  }

  /**
   * Claims a parsed file and sends it into the open transaction ({@code tx}, or a new one when
   * null), committing once the transaction is full; returns the transaction still open, if any.
   */
  private Transaction add(
      Transaction tx, DigestFileParser.Parsed parsed, Consumer<FileOutcome> done) {
    String sha = parsed.sha256();
    // Claim time: what other ingesters committed counts, not only what was read at start (at most
    // one offsets request per interval; the check before the commit is not rate-limited).
    if (System.nanoTime() - lastClaimRefresh >= CLAIM_REFRESH_INTERVAL.toNanos()) {
      try {
        ledger.refresh();
        lastClaimRefresh = System.nanoTime();
      } catch (KafkaException e) {
        log.warn(
            "Could not read the ledger at claim time ({}); checked before the commit",
            e.toString());
      }
    }
    String known = ledger.get(sha);
    if (known == null && tx != null && tx.shas.contains(sha)) {
      known = "(in this transaction)";
    }
    if (known != null) {
      if (parsed.papers() != null && !parsed.papers().isEmpty()) {
        // its DUPLICATE record on digest-files carries the digest date of its first paper
        firstPapers.put(sha, parsed.papers().get(0));
      }
      log.info(
          "{}: same bytes (sha256 {}) already ingested with status {}; nothing produced",
          parsed.fileName(),
          sha,
          known);
      FileOutcome duplicate =
          new FileOutcome(parsed.fileName(), sha, FileOutcome.Status.DUPLICATE, 0, 0);
      if (tx == null) {
        done.accept(duplicate);
      } else {
        tx.outcomes.add(duplicate);
      }
      return tx;
    }
    if (parsed.changedOnDisk()) {
      log.warn(
          "{}: changed after it was claimed; nothing produced, tried again later", parsed.path());
      FileOutcome changed = new FileOutcome(parsed.fileName(), sha, FileOutcome.Status.RETRY, 0, 0);
      if (tx == null) {
        done.accept(changed);
      } else {
        tx.outcomes.add(changed);
      }
      return tx;
    }
    try {
      if (tx == null) {
        recover();
        producer.beginTransaction();
        tx = new Transaction();
      }
      tx.add(send(parsed), parsed);
      if (tx.records >= options.maxRecordsPerTransaction()) {
        commitOrRedo(tx, done);
        return null;
      }
    } catch (IOException e) {
      // A streamed file read again while sending: changed, vanished or unreadable.
      log.warn(
          "{}: {}; its transaction is aborted, tried again later", parsed.path(), e.toString());
      retry(tx, parsed, done);
      return null;
    } catch (KafkaException e) {
      // The current file is reported with the transaction's files, unless it was already sent
      // into it (the commit failed).
      boolean inTx = tx != null && tx.shas.contains(parsed.sha256());
      fail(tx, inTx ? null : parsed, e, done);
      return null;
    }
    return tx;
  }

  private DigestFileParser.Parsed awaitParse(Path file, Future<DigestFileParser.Parsed> future)
      throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while parsing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      // A file the parser cannot handle (a bug, memory exhausted) must not stop the inbox: it is
      // rejected as a whole, to the dead-letter topic and the error directory, like a binary file.
      log.error("{}: the parser failed; the file is rejected as a whole", file, e.getCause());
      return parser.unhandled(file, e.getCause());
    }
  }

  /** Files (and their ledger entries) sent in the open transaction. */
  private static final class Transaction {
    final List<FileOutcome> outcomes = new ArrayList<>();
    final List<DigestFileParser.Parsed> files = new ArrayList<>();
    final Set<String> shas = new HashSet<>();
    int records;

    void add(FileOutcome sent, DigestFileParser.Parsed parsed) {
      outcomes.add(sent);
      files.add(parsed);
      shas.add(sent.sha256());
      records += sent.papers() + sent.rejected() + 1;
    }
  }

  /**
   * Commits the transaction. When the last checks find that another ingester committed some of its
   * files' bytes meanwhile (or a file changed), the transaction is aborted and done again without
   * those files, up to {@value #MAX_COMMIT_ATTEMPTS} times; whatever is left then is reported as
   * RETRY. Never throws a Kafka or I/O failure: those are reported as the files' outcomes.
   */
  private void commitOrRedo(Transaction tx, Consumer<FileOutcome> done) {
    Transaction current = tx;
    List<DigestFileParser.Parsed> redo = List.of();
    int sent = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        redo = List.of();
        sent = 0;
        redo = commit(current, done);
        if (redo.isEmpty()) {
          return;
        }
        if (attempt >= MAX_COMMIT_ATTEMPTS) {
          for (DigestFileParser.Parsed p : redo) {
            done.accept(new FileOutcome(p.fileName(), p.sha256(), FileOutcome.Status.RETRY, 0, 0));
          }
          return;
        }
        recover();
        producer.beginTransaction();
        current = new Transaction();
        for (sent = 0; sent < redo.size(); sent++) {
          current.add(send(redo.get(sent)), redo.get(sent));
        }
      } catch (IOException e) {
        log.warn("A file read again while redoing a transaction failed: {}", e.toString());
        retry(current, null, done);
        reportUnsent(redo, sent, FileOutcome.Status.RETRY, done);
        return;
      } catch (KafkaException e) {
        fail(current, null, e, done);
        reportUnsent(redo, sent, FileOutcome.Status.FAILED, done);
        return;
      }
    }
  }

  private static void reportUnsent(
      List<DigestFileParser.Parsed> redo,
      int sent,
      FileOutcome.Status status,
      Consumer<FileOutcome> done) {
    for (int i = sent; i < redo.size(); i++) {
      DigestFileParser.Parsed p = redo.get(i);
      done.accept(new FileOutcome(p.fileName(), p.sha256(), status, 0, 0));
    }
  }

  /**
   * Commits the transaction after the last checks; returns the files to send again in a new
   * transaction when the checks aborted it (empty when it committed).
   */
  private List<DigestFileParser.Parsed> commit(Transaction tx, Consumer<FileOutcome> done) {
    // Last checks before the commit makes the files final: a file that grew since its claim (a
    // writer that paused longer than the settle time) would lose what it appends after the move;
    // a file whose bytes another ingester committed, or holds in an open transaction, would be
    // there twice. Our own ledger entries are flushed first: of two ingesters checking the same
    // bytes, the later check then always sees the other's entry (see IngestLedger).
    producer.flush();
    ledger.refresh();
    boolean conflict = false;
    for (DigestFileParser.Parsed parsed : tx.files) {
      String sha = parsed.sha256();
      String reason =
          ledger.get(sha) != null
              ? "committed by another ingester"
              : ledger.pendingElsewhere(sha)
                  ? "in another ingester's open transaction"
                  : parsed.changedOnDisk() ? "changed on disk" : null;
      if (reason != null) {
        log.warn("{}: {} before its commit; its transaction is aborted", parsed.fileName(), reason);
        conflict = true;
      }
    }
    if (conflict) {
      abortQuietly();
      List<DigestFileParser.Parsed> redo = new ArrayList<>();
      int next = 0;
      for (FileOutcome outcome : tx.outcomes) {
        if (!outcome.status().sentInTransaction()) {
          done.accept(outcome);
          continue;
        }
        DigestFileParser.Parsed parsed = tx.files.get(next++);
        if (ledger.get(parsed.sha256()) != null) {
          done.accept(
              new FileOutcome(
                  parsed.fileName(), parsed.sha256(), FileOutcome.Status.DUPLICATE, 0, 0));
        } else if (ledger.pendingElsewhere(parsed.sha256()) || parsed.changedOnDisk()) {
          done.accept(
              new FileOutcome(parsed.fileName(), parsed.sha256(), FileOutcome.Status.RETRY, 0, 0));
        } else {
          redo.add(parsed);
        }
      }
      return redo;
    }
    producer.commitTransaction();
    for (FileOutcome outcome : tx.outcomes) {
      if (outcome.status().sentInTransaction()) {
        ledger.put(
            outcome.sha256(),
            outcome.status() == FileOutcome.Status.ERROR ? LEDGER_ERROR : LEDGER_DONE,
            outcome.fileName());
        log.info(
            "{}: committed {} papers, {} rejected (status {}, sha256 {})",
            outcome.fileName(),
            outcome.papers(),
            outcome.rejected(),
            outcome.status(),
            outcome.sha256());
      }
      done.accept(outcome);
    }
    return List.of();
  }

  /**
   * Aborts the transaction and reports its files (and {@code current}) as RETRY, or DUPLICATE when
   * the ledger now has their bytes: nothing of them was committed, they stay where they are.
   */
  private void retry(Transaction tx, DigestFileParser.Parsed current, Consumer<FileOutcome> done) {
    abortQuietly();
    List<FileOutcome> open = new ArrayList<>(tx == null ? List.of() : tx.outcomes);
    if (current != null && (tx == null || !tx.shas.contains(current.sha256()))) {
      open.add(
          new FileOutcome(current.fileName(), current.sha256(), FileOutcome.Status.RETRY, 0, 0));
    }
    for (FileOutcome outcome : open) {
      if (outcome.status() == FileOutcome.Status.DUPLICATE
          || outcome.status() == FileOutcome.Status.RETRY) {
        done.accept(outcome);
      } else if (ledger.get(outcome.sha256()) != null) {
        done.accept(
            new FileOutcome(
                outcome.fileName(), outcome.sha256(), FileOutcome.Status.DUPLICATE, 0, 0));
      } else {
        done.accept(
            new FileOutcome(outcome.fileName(), outcome.sha256(), FileOutcome.Status.RETRY, 0, 0));
      }
    }
  }

  /** Another ingester took this transactional id over: no retry can succeed, so this one stops. */
  private IngestException fenced(KafkaException e) {
    closeProducer();
    return new IngestException(
        "Another ingester with transactional id "
            + options.transactionalId()
            + " took over; stopping",
        e,
        true);
  }

  /** Aborts (or drops) the producer's transaction and reports its files as FAILED. */
  private void fail(
      Transaction tx,
      DigestFileParser.Parsed current,
      KafkaException e,
      Consumer<FileOutcome> done) {
    lastFailure = e;
    List<FileOutcome> lost = new ArrayList<>(tx == null ? List.of() : tx.outcomes);
    if (current != null) {
      lost.add(
          new FileOutcome(current.fileName(), current.sha256(), FileOutcome.Status.FAILED, 0, 0));
    }
    if (e instanceof ProducerFencedException) {
      throw fenced(e);
    }
    if (e instanceof OutOfOrderSequenceException || e instanceof AuthorizationException) {
      // Fatal for this producer instance: the next transaction starts a fresh one, whose
      // initTransactions() aborts what this one left open.
      closeProducer();
    } else {
      abortQuietly();
    }
    for (FileOutcome outcome : lost) {
      if (outcome.status() == FileOutcome.Status.DUPLICATE) {
        done.accept(outcome);
      } else {
        log.error(
            "{}: transaction failed, nothing of the file committed: {}",
            outcome.fileName(),
            e.toString());
        done.accept(
            new FileOutcome(outcome.fileName(), outcome.sha256(), FileOutcome.Status.FAILED, 0, 0));
      }
    }
  }

  /**
   * Sends one file's papers, dead letters and ledger entry into the open transaction; a streamed
   * file is read again here, record by record.
   *
   * @throws DigestFileParser.ChangedException when a streamed file is no longer what was parsed
   */
  private FileOutcome send(DigestFileParser.Parsed parsed) throws IOException {
    String name = parsed.fileName();
    String sha = parsed.sha256();
    Instant now = clock.instant();
    int[] papers = {0};
    int[] rejected = {0};
    LocalDate[] latest = {null};
    List<String> paperIds = new ArrayList<>();
    ParsedPaper[] first = {null};
    parser.replay(
        parsed,
        paper -> {
          PaperEvent event = paper.toEvent(now);
          if (first[0] == null) {
            first[0] = paper;
          }
          if (paperIds.size() < MAX_DIGEST_FILE_PAPER_IDS) {
            paperIds.add(event.getPaperId());
          }
          RecordHeaders headers = new RecordHeaders();
          header(headers, HEADER_FILE_NAME, name);
          header(headers, HEADER_FILE_SHA256, sha);
          header(headers, HEADER_FILE_LINE, String.valueOf(event.getLineage().getLineNumber()));
          header(headers, HEADER_FILE_ORDINAL, String.valueOf(event.getLineage().getOrdinal()));
          producer.send(
              new ProducerRecord<>(
                  Topics.PAPERS_RAW, null, now.toEpochMilli(), event.getPaperId(), event, headers));
          papers[0]++;
          LocalDate date = event.getDigestDate();
          if (date != null && (latest[0] == null || date.isAfter(latest[0]))) {
            latest[0] = date;
          }
        },
        reject -> {
          String stage = reject.wholeFile() ? STAGE_FILE : STAGE_ENTRY;
          if (reject.wholeFile()) {
            log.warn("{}: whole file rejected: {}", name, reject.reason());
          } else {
            log.warn("{}:{}: entry rejected: {}", name, reject.lineNumber(), reject.reason());
          }
          producer.send(deadLetter(stage, name, sha, reject, now));
          rejected[0]++;
        });
    String status =
        parsed.wholeFileRejected() || papers[0] == 0 && rejected[0] > 0
            ? LEDGER_ERROR
            : LEDGER_DONE;
    IngestLedgerEntry entry =
        IngestLedgerEntry.newBuilder()
            .setFileSha256(sha)
            .setFileName(name)
            .setStatus(status)
            .setPapers(papers[0])
            .setRejected(rejected[0])
            .setCompletedAt(now)
            .build();
    RecordHeaders ledgerHeaders = new RecordHeaders();
    header(ledgerHeaders, IngestLedger.HEADER_INGESTER, options.transactionalId());
    producer.send(
        new ProducerRecord<>(Topics.INGEST_LEDGER, null, null, sha, entry, ledgerHeaders));
    producer.send(
        new ProducerRecord<>(
            Topics.DIGEST_FILES,
            null,
            null,
            sha,
            digestFile(name, sha, first[0], status, papers[0], rejected[0], paperIds, null, now)));
    return new FileOutcome(
        name,
        sha,
        LEDGER_ERROR.equals(status) ? FileOutcome.Status.ERROR : FileOutcome.Status.DONE,
        papers[0],
        rejected[0],
        latest[0]);
  }

  private ProducerRecord<String, SpecificRecord> deadLetter(
      String stage, String name, String sha, DigestFileParser.Reject reject, Instant now) {
    byte[] raw = reject.raw() == null ? new byte[0] : reject.raw();
    long rawSize = Math.max(reject.rawSize(), raw.length);
    if (raw.length > MAX_RAW_BYTES) {
      raw = Arrays.copyOf(raw, MAX_RAW_BYTES);
    }
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage(stage)
            .setReason(reject.reason())
            .setFileName(name)
            .setFileSha256(sha)
            .setLineNumber(reject.wholeFile() ? null : reject.lineNumber())
            .setRaw(ByteBuffer.wrap(raw))
            .setRawSize(rawSize)
            .setTruncated(rawSize > raw.length)
            .setFailedAt(now)
            .build();
    RecordHeaders headers = new RecordHeaders();
    header(headers, HEADER_FILE_NAME, name);
    header(headers, HEADER_FILE_SHA256, sha);
    if (!reject.wholeFile()) {
      header(headers, HEADER_FILE_LINE, String.valueOf(reject.lineNumber()));
    }
    return new ProducerRecord<>(
        Topics.DEAD_LETTER, null, now.toEpochMilli(), name, letter, headers);
  }

  private static void header(RecordHeaders headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private void abortQuietly() {
    if (producer == null) {
      return;
    }
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      log.warn("Abort failed ({}); restarting the producer", e.toString());
      closeProducer();
    }
  }

  private void closeProducer() {
    try {
      producer.close();
    } catch (KafkaException e) {
      log.debug("Producer close failed", e);
    }
    producer = null;
  }

  /**
   * Makes sure a producer is ready after a failed transaction: a new one is created (and
   * initialized, which aborts what the old one left open) when the old one had to be closed.
   */
  public void recover() {
    if (producer == null) {
      Producer<String, SpecificRecord> fresh = newProducer(options);
      try {
        fresh.initTransactions();
      } catch (RuntimeException e) {
        fresh.close();
        throw e;
      }
      producer = fresh;
    }
  }

  @Override
  public void close() {
    parseExecutor.shutdownNow();
    ledger.close();
    if (producer != null) {
      closeProducer();
    }
  }
}
