package dev.paperspipeline.streams;

import dev.paperspipeline.schemas.Topics;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TopologyDescription;

/**
 * How far the streams app is behind its inputs: the sum, over every partition of every topic the
 * app reads, of the last stable offset minus the app's committed offset. Zero means everything
 * committed upstream has been processed and committed by the app.
 */
public final class PipelineLag {
  private PipelineLag() {}

  /**
   * The topics the app of {@code applicationId} ({@link PipelineTopology}) consumes: its input and
   * the trends repartition topic (the stages in between are chained in memory).
   */
  public static List<String> inputTopics(String applicationId) {
    return List.of(
        Topics.PAPERS_RAW, applicationId + "-" + StoreNames.TRENDS_REPARTITION + "-repartition");
  }

  /**
   * The topics the source nodes of {@code topology} read (its subtopologies; global stores have no
   * consumer group), as the app of {@code applicationId} names them on the cluster: a topic of no
   * {@link Topics#ALL} contract is the app's internal (repartition) topic, prefixed with its id.
   */
  public static List<String> sourceTopics(TopologyDescription topology, String applicationId) {
    Set<String> topics = new LinkedHashSet<>();
    for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          for (String topic : source.topicSet()) {
            topics.add(Topics.contract(topic).isPresent() ? topic : applicationId + "-" + topic);
          }
        }
      }
    }
    return List.copyOf(topics);
  }

  /**
   * Total lag of the app's consumer group, in records (transaction markers included).
   *
   * @throws ExecutionException when the cluster cannot answer (e.g. topics not created yet)
   */
  public static long total(Admin admin, String applicationId)
      throws ExecutionException, InterruptedException {
    return total(admin, applicationId, inputTopics(applicationId));
  }

  /**
   * Lag of consumer group {@code groupId} over {@code topics}: last stable offset minus committed
   * offset, summed over their partitions (a partition without a commit counts from 0).
   *
   * @throws ExecutionException when the cluster cannot answer (e.g. a topic does not exist)
   */
  public static long total(Admin admin, String groupId, Collection<String> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    described
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(
                        p ->
                            request.put(
                                new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    var ends =
        admin
            .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
    }
    return lag;
  }
}
