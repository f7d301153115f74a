package dev.paperspipeline.ingest;

import dev.paperspipeline.clients.ClientConfig;
import dev.paperspipeline.clients.OwnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of {@code papers ingest}, defined once in {@link #CONFIG_DEF}: the command's flags
 * set them, so do {@code -X key=value} and {@code --config FILE} (a flag wins), and {@code --help}
 * and the README's settings table are rendered from the definition.
 */
public final class IngestConfig {
  /** With {@code --watch}: how long size and mtime must stay unchanged before a file is claimed. */
  public static final String SETTLE_MS = "papers.ingest.settle.ms";

  /** With {@code --watch}: the longest time between two listings of the inbox. */
  public static final String RESCAN_MS = "papers.ingest.rescan.ms";

  /** Where ingested files go. */
  public static final String DONE_DIR = "papers.ingest.done.dir";

  /** Where wholly rejected files go. */
  public static final String ERROR_DIR = "papers.ingest.error.dir";

  /** The producer's {@code transactional.id}. */
  public static final String TRANSACTIONAL_ID = "papers.ingest.transactional.id";

  /** The year of the digests' dates. */
  public static final String YEAR = "papers.ingest.year";

  /** Records after which a transaction is committed (whole files only). */
  public static final String MAX_RECORDS_PER_TRANSACTION =
      "papers.ingest.max.records.per.transaction";

  /** Partitions of the topics created when missing. */
  public static final String TOPIC_PARTITIONS = "papers.ingest.topic.partitions";

  /** Replicas of the topics created when missing. */
  public static final String TOPIC_REPLICATION = "papers.ingest.topic.replication";

  /** Every ingest setting: type, default, valid values, importance and documentation. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              SETTLE_MS,
              Type.LONG,
              InboxWatcher.Settings.DEFAULT_SETTLE.toMillis(),
              Range.atLeast(0),
              Importance.MEDIUM,
              "With --watch: a file is complete once its size and mtime did not change for this"
                  + " many milliseconds. Longer than the longest pause of a writer that appends"
                  + " in place.")
          .define(
              RESCAN_MS,
              Type.LONG,
              InboxWatcher.Settings.DEFAULT_RESCAN.toMillis(),
              Range.atLeast(1),
              Importance.LOW,
              "With --watch: list the directory at least this often (milliseconds), in case a"
                  + " change notification is missed.")
          .define(
              DONE_DIR,
              Type.STRING,
              null,
              Importance.LOW,
              "With --watch: where ingested files go (none: DIR/done).")
          .define(
              ERROR_DIR,
              Type.STRING,
              null,
              Importance.LOW,
              "With --watch: where wholly rejected files go (none: DIR/error).")
          .define(
              TRANSACTIONAL_ID,
              Type.STRING,
              null,
              Importance.MEDIUM,
              "Producer transactional.id; must stay the same for one inbox across restarts so"
                  + " that a restart fences its crashed predecessor (none: derived from the"
                  + " watched directory, or the first PATH's directory).")
          .define(
              YEAR,
              Type.INT,
              null,
              Importance.LOW,
              "Year of the digests' dates (none: from the file name, else its mtime).")
          .define(
              MAX_RECORDS_PER_TRANSACTION,
              Type.INT,
              IngestOptions.DEFAULT_MAX_RECORDS_PER_TRANSACTION,
              Range.atLeast(1),
              Importance.LOW,
              "Commit once a transaction holds this many records; files are never split.")
          .define(
              TOPIC_PARTITIONS,
              Type.INT,
              TopicsCreator.DEFAULT_PARTITIONS,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Partitions of the pipeline topics created when missing.")
          .define(
              TOPIC_REPLICATION,
              Type.INT,
              0,
              Range.between(0, Short.MAX_VALUE),
              Importance.MEDIUM,
              "Replicas of the pipeline topics created when missing; 0 = min(3, brokers).");

  private final AbstractConfig values;

  private IngestConfig(AbstractConfig values) {
    this.values = values;
  }

  /**
   * The ingest settings among {@code settings} (other keys are ignored), defaults for the rest.
   *
   * @throws ConfigException naming the first setting whose value is not valid
   */
  public static IngestConfig of(Map<?, ?> settings) {
    return new IngestConfig(OwnSettings.parse(CONFIG_DEF, settings));
  }

  /** How to produce: {@code clients}' servers and settings, the transaction and topic settings. */
  public IngestOptions options(ClientConfig clients, Path home) {
    IngestOptions options =
        IngestOptions.of(clients, home)
            .withYear(values.getInt(YEAR))
            .withTopicLayout(values.getInt(TOPIC_PARTITIONS), values.getInt(TOPIC_REPLICATION))
            .withMaxRecordsPerTransaction(values.getInt(MAX_RECORDS_PER_TRANSACTION));
    String transactionalId = values.getString(TRANSACTIONAL_ID);
    return transactionalId == null ? options : options.withTransactionalId(transactionalId);
  }

  /** How to watch {@code inbox}. */
  public InboxWatcher.Settings watcherSettings(Path inbox) {
    InboxWatcher.Settings defaults = InboxWatcher.Settings.defaults(inbox);
    String done = values.getString(DONE_DIR);
    String error = values.getString(ERROR_DIR);
    return defaults
        .withSettle(Duration.ofMillis(values.getLong(SETTLE_MS)))
        .withRescanInterval(Duration.ofMillis(values.getLong(RESCAN_MS)))
        .withDirs(
            done == null ? defaults.doneDir() : Path.of(done),
            error == null ? defaults.errorDir() : Path.of(error));
  }
}
