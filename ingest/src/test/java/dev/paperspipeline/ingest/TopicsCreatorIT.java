package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsCreatorIT {

  @Test
  void shouldCreateMissingPipelineTopicsOnceWithCompactionWhereTheContractSaysSo()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startEphemeral();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      List<String> created = TopicsCreator.ensureAll(kafka.bootstrapServers());
      assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.names(Topics.ALL));

      assertThat(TopicsCreator.ensureAll(kafka.bootstrapServers())).isEmpty();

      TopicDescription raw =
          admin
              .describeTopics(List.of(Topics.PAPERS_RAW))
              .allTopicNames()
              .get()
              .get(Topics.PAPERS_RAW);
      assertThat(raw.partitions()).hasSize(TopicsCreator.DEFAULT_PARTITIONS);
      assertThat(raw.partitions().get(0).replicas()).hasSize(1);

      ConfigResource ledger = new ConfigResource(ConfigResource.Type.TOPIC, Topics.INGEST_LEDGER);
      ConfigResource rawRes = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PAPERS_RAW);
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(List.of(ledger, rawRes)).all().get();
      assertThat(configs.get(ledger).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
          .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
      assertThat(configs.get(rawRes).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
          .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }
  }

  @Test
  void shouldCompactAnExistingPapersUniqueCreatedBeforeItsContractWasCompacted() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startEphemeral();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      // as an earlier release created it: the broker's default policy, delete
      admin.createTopics(List.of(new NewTopic(Topics.PAPERS_UNIQUE, 3, (short) 1))).all().get();
      ConfigResource unique = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PAPERS_UNIQUE);
      assertThat(policy(admin, unique)).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);

      List<String> created = TopicsCreator.ensureAll(kafka.bootstrapServers());

      assertThat(created).doesNotContain(Topics.PAPERS_UNIQUE);
      assertThat(policy(admin, unique)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
  }

  private static String policy(Admin admin, ConfigResource topic) throws Exception {
    return admin
        .describeConfigs(List.of(topic))
        .all()
        .get()
        .get(topic)
        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
        .value();
  }
}
