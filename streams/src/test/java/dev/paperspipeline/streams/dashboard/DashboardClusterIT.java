package dev.paperspipeline.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.dashboard.DashboardCluster.Instance;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two streams instances of one application on a real (embedded) broker, each with its dashboard:
 * whichever instance is asked, the API gives the same answer, and it matches an offline recount of
 * the generated digests. The work is split, so answers are partly forwarded between instances.
 */
@ExtendWith(DashboardCluster.Shared.class)
class DashboardClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static DashboardCluster cluster;
  private static Instance a;
  private static Instance b;

  @BeforeAll
  static void startCluster(DashboardCluster shared) {
    cluster = shared;
    a = cluster.instances().get(0);
    b = cluster.instances().get(1);
  }

  @Test
  void shouldSplitTheTasksBetweenBothInstances() {
    Set<HostInfo> both = Set.of(a.self(), b.self());
    assertThat(DashboardCluster.hostsWithTasks(a)).isEqualTo(both);
    assertThat(DashboardCluster.hostsWithTasks(b)).isEqualTo(both);
  }

  @Test
  void shouldAnswerTrendsAlikeFromEitherInstanceWithEveryUniquePaperCounted() throws Exception {
    for (TrendWindow window : TrendWindow.values()) {
      String path = "/api/trends?kind=TOPIC&limit=200&window=" + window;
      String fromA = cluster.get(a, path);
      String fromB = cluster.get(b, path);
      assertThat(fromB).as(path).isEqualTo(fromA);

      Map<String, Long> totals = new TreeMap<>();
      for (JsonNode s : JSON.readTree(fromA).get("series")) {
        long sum = 0;
        for (JsonNode p : s.get("points")) {
          sum += p.get("count").asLong();
        }
        assertThat(s.get("total").asLong()).isEqualTo(sum);
        totals.put(s.get("name").asText(), sum);
      }
      assertThat(totals).as(path).isEqualTo(cluster.papersPerTopic);
    }
  }

  @Test
  void shouldAnswerTheTopNAlikeFromEitherInstance() throws Exception {
    for (TrendWindow window : TrendWindow.values()) {
      String path = "/api/trending?kind=TOPIC&window=" + window;
      String fromA = cluster.get(a, path);
      assertThat(cluster.get(b, path)).as(path).isEqualTo(fromA);
      JsonNode top = JSON.readTree(fromA);
      assertThat(top.get("entries").size()).as(path).isPositive();
      for (JsonNode e : top.get("entries")) {
        assertThat(cluster.papersPerTopic).containsKey(e.get("name").asText());
        assertThat(e.get("count").asLong())
            .isPositive()
            .isLessThanOrEqualTo(cluster.papersPerTopic.get(e.get("name").asText()));
      }
    }
  }

  @Test
  void shouldListThePapersOfEveryTopicAlikeFromEitherInstance() throws Exception {
    for (Map.Entry<String, Long> topic : cluster.papersPerTopic.entrySet()) {
      String path =
          "/api/topics/"
              + URLEncoder.encode(topic.getKey(), StandardCharsets.UTF_8).replace("+", "%20")
              + "/papers?limit=500";
      String fromA = cluster.get(a, path);
      assertThat(cluster.get(b, path)).as(path).isEqualTo(fromA);
      JsonNode body = JSON.readTree(fromA);
      assertThat(body.get("total").asLong()).as(path).isEqualTo(topic.getValue());
      JsonNode papers = body.get("papers");
      assertThat(papers.size()).as(path).isEqualTo(topic.getValue().intValue());
      for (JsonNode p : papers) {
        String id = p.get("paperId").asText();
        assertThat(cluster.topicsOf.get(id)).as(id).contains(topic.getKey());
        assertThat(p.get("title").asText()).isEqualTo(cluster.titles.get(id));
        // details come from the dedupe store, wherever it lives
        assertThat(p.get("digestDate").isNull()).as(id).isFalse();
      }
    }
  }

  @Test
  void shouldLookPapersUpAlikeFromEitherInstanceWhereverTheyLive() throws Exception {
    List<String> ids = new ArrayList<>(cluster.titles.keySet());
    Set<HostInfo> owners = new HashSet<>();
    ids.forEach(id -> owners.add(owner(StoreNames.DEDUPE_SIGHTINGS, id)));
    assertThat(owners).as("papers live on both instances").hasSize(2);

    Map<String, String> titles = new HashMap<>();
    List<String> order = new ArrayList<>();
    long sightings = 0;
    // at most MAX_IDS a request
    for (int from = 0; from < ids.size(); from += DashboardServer.MAX_IDS) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + DashboardServer.MAX_IDS));
      String path = "/api/papers?ids=" + URLEncoder.encode(String.join(",", batch), "UTF-8");
      String fromA = cluster.get(a, path);
      assertThat(cluster.get(b, path)).isEqualTo(fromA);
      for (JsonNode p : JSON.readTree(fromA).get("papers")) {
        titles.put(p.get("paperId").asText(), p.get("title").asText());
        order.add(p.get("paperId").asText());
        sightings += p.get("sightings").asLong();
      }
    }
    assertThat(order).isEqualTo(ids);
    assertThat(titles).isEqualTo(cluster.titles);
    assertThat(sightings).isEqualTo(cluster.sightings);
  }

  private HostInfo owner(String store, String key) {
    return a.app().streams().queryMetadataForKey(store, key, new StringSerializer()).activeHost();
  }
}
