package dev.paperspipeline.ingest;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.TopicContract;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics ({@link Topics#ALL}) that do not exist yet. Compacted contracts get
 * {@code cleanup.policy=compact}; an existing topic of a compacted contract without it
 * (papers-unique before it became compacted) is altered to compact, with a WARN, and left as it is
 * otherwise. Never relies on the broker creating topics on first use.
 */
public final class TopicsCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicsCreator.class);

  /** Partitions of a new topic unless told otherwise. */
  public static final int DEFAULT_PARTITIONS = 3;

  /** Replicas of a new topic unless told otherwise: this, or fewer when there are fewer brokers. */
  public static final int DEFAULT_MAX_REPLICATION = 3;

  /** {@code min.insync.replicas} of a new topic with three or more replicas. */
  public static final int MIN_INSYNC = 2;

  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final int partitions;
  private final int replication;

  /**
   * @param admin client to create topics with (not closed by this class)
   * @param partitions partitions of each new topic
   * @param replication replicas of each new topic; 0 means min(3, number of brokers)
   */
  public TopicsCreator(Admin admin, int partitions, int replication) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    this.admin = admin;
    this.partitions = partitions;
    this.replication = replication;
  }

  /**
   * Creates every pipeline topic missing on the cluster with the defaults; returns the new ones.
   */
  public static List<String> ensureAll(String bootstrapServers) {
    return ensureAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * As {@link #ensureAll(String)} with an admin client of these settings (bootstrap servers and
   * security).
   */
  public static List<String> ensureAll(Map<String, Object> adminConfig) {
    try (Admin admin = Admin.create(adminConfig)) {
      return new TopicsCreator(admin, DEFAULT_PARTITIONS, 0).ensure(Topics.ALL);
    }
  }

  /** Creates the given topics when missing; returns the names of the topics it created. */
  public List<String> ensure(Collection<? extends TopicContract<?>> contracts) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      short rf = (short) effectiveReplication();
      List<NewTopic> missing = new ArrayList<>();
      List<String> compactedExisting = new ArrayList<>();
      for (TopicContract<?> contract : contracts) {
        if (existing.contains(contract.topic())) {
          if (contract.compacted()) {
            compactedExisting.add(contract.topic());
          }
        } else {
          NewTopic topic = new NewTopic(contract.topic(), partitions, rf);
          Map<String, String> configs = new HashMap<>();
          if (contract.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
          }
          if (rf >= DEFAULT_MAX_REPLICATION) {
            // acks=all then survives one replica down and never acknowledges a single copy
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(MIN_INSYNC));
          }
          topic.configs(configs);
          missing.add(topic);
        }
      }
      ensureCompacted(compactedExisting);
      if (missing.isEmpty()) {
        return List.of();
      }
      CreateTopicsResult result = admin.createTopics(missing);
      List<String> created = new ArrayList<>();
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(entry.getKey());
          log.info(
              "Created topic {} ({} partitions, replication {})", entry.getKey(), partitions, rf);
        } catch (ExecutionException e) {
          // Another process (a second ingester, the streams app) created it first: that is fine.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      awaitLeaders(admin, created);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create the pipeline topics: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until every partition of {@code topics} has a leader. A created topic is not led at once,
   * and a producer that writes to it at once gets NOT_LEADER_OR_FOLLOWER; an idempotent producer's
   * retry of that batch was then refused with OUT_OF_ORDER_SEQUENCE_NUMBER without end in one CI
   * run (StreamsPipelineIT), and ProducerPerformance lost a batch to the delivery timeout in
   * another.
   *
   * @throws TimeoutException when a partition has no leader after 30 s
   */
  public static void awaitLeaders(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      List<String> leaderless = leaderless(admin, topics);
      if (leaderless.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions without a leader after creation: " + leaderless);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /**
   * The topics of {@code topics} with a partition that has no leader yet. A topic the controller
   * has just created may be unknown to the broker that answers (its metadata arrives a moment
   * later; one CI run got UNKNOWN_TOPIC_OR_PARTITION there): that counts as not led yet. None when
   * describing them is not allowed.
   */
  private static List<String> leaderless(Admin admin, Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin
          .describeTopics(topics)
          .allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .values()
          .stream()
          .filter(
              d ->
                  d.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty()))
          .map(TopicDescription::name)
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return List.copyOf(topics);
      }
      if (e.getCause() instanceof TopicAuthorizationException denied) {
        // A principal may create topics without DESCRIBE on all of them (under ACLs ingest needs it
        // on its own topics only): the wait guards against a race, it must not stop the start.
        log.info(
            "Not waiting for the leaders of the new topics {}: not allowed to describe them ({})",
            denied.unauthorizedTopics(),
            denied.getMessage());
        return List.of();
      }
      throw e;
    }
  }

  /**
   * Sets {@code cleanup.policy=compact} on those of {@code topics} that lack it: a compacted
   * contract is a table by key, and its readers (the streams app's papers store) restore from it.
   */
  private void ensureCompacted(List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = new ArrayList<>();
    topics.forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    for (ConfigResource resource : resources) {
      ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
      if (policy != null
          && policy.value() != null
          && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        continue;
      }
      String was = policy == null ? null : policy.value();
      AlterConfigOp compact =
          new AlterConfigOp(
              new ConfigEntry(
                  TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
              AlterConfigOp.OpType.SET);
      try {
        admin
            .incrementalAlterConfigs(Map.of(resource, List.of(compact)))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        log.warn(
            "Topic {} had cleanup.policy={}; its contract is compacted: set cleanup.policy=compact",
            resource.name(),
            was);
      } catch (ExecutionException e) {
        log.warn(
            "Topic {} has cleanup.policy={} but its contract is compacted, and setting"
                + " cleanup.policy=compact failed ({}): set it with kafka-configs --alter"
                + " --entity-type topics --entity-name {} --add-config cleanup.policy=compact",
            resource.name(),
            was,
            e.getCause() == null ? e.getMessage() : e.getCause().getMessage(),
            resource.name());
      }
    }
  }

  private int effectiveReplication()
      throws InterruptedException, ExecutionException, TimeoutException {
    if (replication > 0) {
      return replication;
    }
    int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
    return Math.max(1, Math.min(DEFAULT_MAX_REPLICATION, brokers));
  }
}
