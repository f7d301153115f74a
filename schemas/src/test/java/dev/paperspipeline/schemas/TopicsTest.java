package dev.paperspipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.schemas.Topics.TopicContract;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private static List<String> declaredNames() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        names.add((String) f.get(null));
      }
    }
    return names;
  }

  @Test
  void shouldHaveOneContractPerDeclaredTopicName() throws IllegalAccessException {
    List<String> names = declaredNames();

    assertThat(Topics.names(Topics.ALL)).containsExactlyInAnyOrderElementsOf(names);
    assertThat(new HashSet<>(Topics.names(Topics.ALL))).hasSameSizeAs(Topics.ALL);
  }

  @Test
  void shouldListEveryTypedContractInAll() throws IllegalAccessException {
    List<TopicContract<?>> typed = new ArrayList<>();
    for (Field f : Topics.Contracts.class.getFields()) {
      typed.add((TopicContract<?>) f.get(null));
    }

    assertThat(Topics.ALL).containsExactlyInAnyOrderElementsOf(typed);
  }

  @Test
  void shouldGiveEveryContractAKeyAOneLineDocAndARecordSchema() {
    for (TopicContract<?> c : Topics.ALL) {
      assertThat(c.key()).as(c.topic()).isNotBlank();
      assertThat(c.doc()).as(c.topic()).isNotBlank().doesNotContain("\n", "|");
      assertThat(c.valueSchema().getFullName()).isEqualTo(c.valueType().getName());
      assertThat(c.valueSubject()).isEqualTo(c.topic() + "-value");
    }
  }

  @Test
  void shouldRenderOneMarkdownRowPerContract() {
    List<String> lines = Topics.markdownTable().lines().toList();

    assertThat(lines).hasSize(Topics.ALL.size() + 2);
    assertThat(lines.get(0)).startsWith("| topic | key | value |");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "| `digest-health` | ISO digest date | `DigestHealth` | papers streams (analytics app)"
                + " | compact | "
                + Topics.Contracts.DIGEST_HEALTH.doc()
                + " |");
  }

  @Test
  void shouldRebuildOnResetOnlyWhatTheStreamsAppsDeriveFromPapersRaw() {
    assertThat(Topics.ALL.stream().filter(c -> c.owner().rebuiltByReset()).map(c -> c.topic()))
        .doesNotContain(
            Topics.PAPERS_RAW, Topics.DEAD_LETTER, Topics.INGEST_LEDGER, Topics.DIGEST_FILES)
        .contains(Topics.PAPERS_UNIQUE, Topics.TOPIC_BURSTS);
  }
}
