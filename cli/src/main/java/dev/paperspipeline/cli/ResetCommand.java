package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.TopicContract;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code papers reset}: makes the next {@code papers streams} run process {@code papers-raw} from
 * its first record again, as Kafka's {@code kafka-streams-application-reset} plus the output
 * topics.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    // the description is in this bundle: it names the topics of their contracts
    resourceBundle = "dev.paperspipeline.cli.ResetHelp")
public final class ResetCommand implements Callable<Integer> {
  /**
   * The topics the streams app and the analytics app write ({@link Topics.Owner#rebuiltByReset()}),
   * deleted so that consumers never read a record twice.
   */
  static final List<String> OUTPUT_TOPICS = TopicsHelp.rebuiltByReset();

  private static final long TIMEOUT_SECONDS = 30;

  /** Longer than Kafka Streams' default {@code session.timeout.ms} of 45 s. */
  private static final long MEMBER_WAIT_SECONDS = 60;

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--application-id",
      defaultValue = PipelineConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id to reset (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--state-dir",
      defaultValue = PipelineConfig.DEFAULT_STATE_DIR,
      description =
          "State directory of this machine's instance; its <application-id> subdirectory is"
              + " deleted (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    cluster.probeKafka();
    try (Admin admin = Admin.create(cluster.clients().admin())) {
      List<String> groups = List.of(applicationId, AnalyticsApp.applicationId(applicationId));
      int members = members(admin, groups);
      if (members > 0) {
        // a stopped instance stays a member until its session expires (45 s by default)
        err.println(
            "papers reset: waiting up to "
                + MEMBER_WAIT_SECONDS
                + " s for "
                + members
                + " member(s) of "
                + groups
                + " to leave");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MEMBER_WAIT_SECONDS);
        while (members > 0 && System.nanoTime() < deadline) {
          TimeUnit.SECONDS.sleep(1);
          members = members(admin, groups);
        }
      }
      if (members > 0) {
        err.println(
            "papers reset: applications "
                + groups
                + " have "
                + members
                + " running instance(s); stop them first");
        return ExitCodes.USAGE;
      }
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!existing.contains(Topics.PAPERS_RAW)) {
        err.println(
            "papers reset: no topic "
                + Topics.PAPERS_RAW
                + " on "
                + cluster.clients().bootstrapServers());
        return ExitCodes.USAGE;
      }
      TopicDescription raw =
          admin
              .describeTopics(List.of(Topics.PAPERS_RAW))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(Topics.PAPERS_RAW);
      List<String> delete = new ArrayList<>();
      for (String topic : existing) {
        boolean internal =
            topic.startsWith(applicationId + "-")
                && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
        if (internal || OUTPUT_TOPICS.contains(topic)) {
          delete.add(topic);
        }
      }
      delete.sort(null);
      admin.deleteTopics(delete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      awaitGone(admin, delete);
      for (String group : groups) {
        try {
          admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
        }
      }
      // recreated now, as papers-raw is laid out: a later default of 3 partitions could differ
      List<TopicContract<?>> outputs =
          Topics.ALL.stream().filter(c -> OUTPUT_TOPICS.contains(c.topic())).toList();
      new TopicsCreator(admin, raw.partitions().size(), raw.partitions().get(0).replicas().size())
          .ensure(outputs);
      Path local = stateDir.toAbsolutePath().resolve(applicationId);
      deleteRecursively(local);
      Path analyticsLocal =
          stateDir
              .toAbsolutePath()
              .resolve(AnalyticsApp.STATE_SUBDIR)
              .resolve(AnalyticsApp.applicationId(applicationId));
      deleteRecursively(analyticsLocal);
      out.println("deleted topics " + delete + " and recreated " + OUTPUT_TOPICS);
      out.println("deleted the offsets of consumer groups " + groups);
      out.println("deleted local state " + local + " and " + analyticsLocal);
      out.println(
          "the next `papers streams --application-id "
              + applicationId
              + "` reprocesses "
              + Topics.PAPERS_RAW
              + " from the beginning; delete the state directory of instances on other machines");
      return 0;
    }
  }

  private static int members(Admin admin, List<String> groups) throws Exception {
    int members = 0;
    for (String group : groups) {
      members += members(admin, group);
    }
    return members;
  }

  private static int members(Admin admin, String applicationId) throws Exception {
    try {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(applicationId))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(applicationId);
      return group == null ? 0 : group.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  /** Topic deletion completes asynchronously: wait until the names are free again. */
  private static void awaitGone(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      Set<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (topics.stream().noneMatch(names::contains)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics still being deleted after 30 s: " + topics);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
