package dev.paperspipeline.streams.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.PaperEmbedding;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaperVectorsTest {
  static final String MODEL = "all-minilm-l6-v2-q";
  static final LocalDate DAY = LocalDate.of(2026, 11, 16);

  /** A unit vector of 3 dimensions pointing at (x, y, z). */
  static PaperEmbedding embedding(String id, LocalDate date, double x, double y, double z) {
    return embedding(id, date, MODEL, x, y, z);
  }

  static PaperEmbedding embedding(
      String id, LocalDate date, String model, double x, double y, double z) {
    double n = Math.sqrt(x * x + y * y + z * z);
    return PaperEmbedding.newBuilder()
        .setPaperId(id)
        .setTitle("Title " + id)
        .setModel(model)
        .setVector(List.of((float) (x / n), (float) (y / n), (float) (z / n)))
        .setDigestDate(date)
        .build();
  }

  private static List<String> ids(List<PaperVectors.Similar> similar) {
    return similar.stream().map(PaperVectors.Similar::paperId).toList();
  }

  @Test
  void shouldRankOnlyEarlierPapersOfTheSameModelBestFirst() {
    PaperVectors v = new PaperVectors();
    v.put(embedding("query", DAY, 1, 0, 0));
    v.put(embedding("close", DAY.minusDays(3), 1, 0.1, 0));
    v.put(embedding("closer", DAY.minusDays(10), 1, 0.01, 0));
    v.put(embedding("far", DAY.minusDays(1), 0, 1, 0));
    v.put(embedding("opposite", DAY.minusDays(1), -1, 0, 0));
    v.put(embedding("same-day", DAY, 1, 0, 0));
    v.put(embedding("later", DAY.plusDays(1), 1, 0, 0));
    v.put(embedding("undated", null, 1, 0, 0));
    v.put(embedding("other-model", DAY.minusDays(1), "another-model", 1, 0, 0));

    List<PaperVectors.Similar> similar = v.earlier("query", 5);

    assertThat(ids(similar)).containsExactly("closer", "close", "far", "opposite");
    assertThat(similar.get(0).cosine()).isGreaterThan(similar.get(1).cosine());
    assertThat(similar.get(0).title()).isEqualTo("Title closer");
    assertThat(similar.get(0).digestDate()).isEqualTo(DAY.minusDays(10));
    assertThat(similar.get(2).cosine())
        .isEqualTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(similar.get(3).cosine())
        .isEqualTo(-1.0, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void shouldKeepTheTopFiveAndBreakTiesByPaperId() {
    PaperVectors v = new PaperVectors();
    v.put(embedding("query", DAY, 1, 1, 0));
    // eight earlier papers with the very same vector: equal cosines, ranked by paperId
    for (String id : List.of("h", "c", "a", "g", "e", "b", "f", "d")) {
      v.put(embedding(id, DAY.minusDays(1), 1, 0, 0));
    }
    v.put(embedding("best", DAY.minusDays(2), 1, 1, 0.001));

    assertThat(ids(v.earlier("query", 5))).containsExactly("best", "a", "b", "c", "d");
    assertThat(ids(v.earlier("query", 2))).containsExactly("best", "a");
  }

  @Test
  void shouldAnswerTheSameWhateverOrderTheEmbeddingsArrivedIn() {
    Random random = new Random(42);
    List<PaperEmbedding> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // few distinct directions and dates: many exact ties
      all.add(
          embedding(
              String.format("p%03d", i),
              DAY.minusDays(random.nextInt(20)),
              random.nextInt(4),
              random.nextInt(4),
              1 + random.nextInt(2)));
    }
    // a paper re-enriched: the latest record of a key wins, as compaction keeps it
    PaperEmbedding replaced = embedding("p007", DAY.minusDays(30), 9, 9, 9);
    PaperEmbedding latest = all.get(7);
    List<List<String>> answers = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<PaperEmbedding> order = new ArrayList<>(all);
      Collections.shuffle(order, new Random(round));
      PaperVectors v = new PaperVectors();
      v.put(replaced);
      order.forEach(v::put);
      List<String> answer = new ArrayList<>();
      for (PaperEmbedding e : all) {
        v.earlier(e.getPaperId(), 5)
            .forEach(s -> answer.add(e.getPaperId() + ">" + s.paperId() + ":" + s.cosine()));
      }
      answers.add(answer);
      assertThat(v.digestDate("p007")).contains(latest.getDigestDate());
    }
    assertThat(answers.get(0)).hasSizeGreaterThan(1000);
    assertThat(answers).allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
  }

  @Test
  void shouldForgetATombstonedPaperAndAnswerNothingForAnUnknownOrUndatedOne() {
    PaperVectors v = new PaperVectors();
    v.put(embedding("query", DAY, 1, 0, 0));
    v.put(embedding("gone", DAY.minusDays(1), 1, 0, 0));
    v.put(embedding("undated", null, 1, 0, 0));
    v.remove("gone");

    assertThat(v.earlier("query", 5)).isEmpty();
    assertThat(v.earlier("unknown", 5)).isEmpty();
    assertThat(v.earlier("undated", 5)).isEmpty();
    assertThat(v.size()).isEqualTo(2);
  }

  @Test
  void shouldBeFedAndTombstonedThroughTheAnalyticsView() {
    AnalyticsView view = AnalyticsView.ofWeek(IsoWeek.of(DAY));
    // embeddings of any week are kept: a paper is compared with every earlier one
    assertThat(
            view.accept(
                dev.paperspipeline.schemas.Topics.PAPER_EMBEDDINGS,
                "old",
                embedding("old", DAY.minusDays(60), 1, 0, 0)))
        .isTrue();
    view.accept(
        dev.paperspipeline.schemas.Topics.PAPER_EMBEDDINGS,
        "query",
        embedding("query", DAY, 1, 0, 0));

    assertThat(ids(view.vectors().earlier("query", 5))).containsExactly("old");
    view.accept(dev.paperspipeline.schemas.Topics.PAPER_EMBEDDINGS, "old", null);
    assertThat(view.vectors().earlier("query", 5)).isEmpty();
  }
}
