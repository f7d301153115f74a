package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

/**
 * The answers of a broker right after a topic's creation, which a real broker gives only now and
 * then (a CI run got UNKNOWN_TOPIC_OR_PARTITION once): an {@link Admin} that answers from a script.
 */
class TopicsCreatorLeaderWaitTest {

  private static final Node BROKER = new Node(1, "localhost", 9092);

  @Test
  void shouldWaitThroughAnUnknownTopicAndANoLeaderAnswerUntilThePartitionIsLed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Admin admin =
        scripted(
            calls,
            () -> failed(new UnknownTopicOrPartitionException("not hosted yet")),
            () -> described(null),
            () -> described(BROKER));

    TopicsCreator.awaitLeaders(admin, List.of("papers-raw"));

    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldGoOnWithoutWaitingWhenNotAllowedToDescribeTheNewTopics() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Admin admin =
        scripted(
            calls,
            () ->
                failed(
                    new TopicAuthorizationException(
                        "no DESCRIBE on papers-raw", Set.of("papers-raw"))));

    TopicsCreator.awaitLeaders(admin, List.of("papers-raw"));

    assertThat(calls).hasValue(1);
  }

  @Test
  void shouldPassOnAnyOtherErrorAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    Admin admin =
        scripted(calls, () -> failed(new UnsupportedVersionException("DescribeTopics v0")));

    assertThatThrownBy(() -> TopicsCreator.awaitLeaders(admin, List.of("papers-raw")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnsupportedVersionException.class);
    assertThat(calls).hasValue(1);
  }

  @SafeVarargs
  private static Admin scripted(
      AtomicInteger calls, Supplier<KafkaFuture<TopicDescription>>... answers) {
    return (Admin)
        Proxy.newProxyInstance(
            Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("describeTopics")) {
                throw new UnsupportedOperationException(method.getName());
              }
              int call = calls.getAndIncrement();
              KafkaFuture<TopicDescription> answer =
                  answers[Math.min(call, answers.length - 1)].get();
              return new DescribeTopicsResult(null, Map.of("papers-raw", answer)) {};
            });
  }

  private static KafkaFuture<TopicDescription> described(Node leader) {
    TopicPartitionInfo partition = new TopicPartitionInfo(0, leader, List.of(BROKER), List.of());
    return KafkaFuture.completedFuture(
        new TopicDescription("papers-raw", false, List.of(partition)));
  }

  private static KafkaFuture<TopicDescription> failed(RuntimeException error) {
    return KafkaFuture.completedFuture(0)
        .thenApply(
            ignored -> {
              throw error;
            });
  }
}
