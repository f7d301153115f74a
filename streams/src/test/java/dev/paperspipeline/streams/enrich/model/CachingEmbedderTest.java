package dev.paperspipeline.streams.enrich.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {
  /** A deterministic fake: the vector's first component is the text's length; counts calls. */
  static final class CountingEmbedder implements TextEmbedder {
    final AtomicInteger embedded = new AtomicInteger();

    @Override
    public String modelId() {
      return "counting";
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public float[] embed(String text) {
      embedded.incrementAndGet();
      return new float[] {text.length(), 1};
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        out.add(embed(t));
      }
      return out;
    }
  }

  @Test
  void shouldEmbedARepeatedPhraseOnce() {
    CountingEmbedder model = new CountingEmbedder();
    CachingEmbedder cache = new CachingEmbedder(model, 100);

    cache.embed("scaling laws");
    List<float[]> all =
        cache.embedAll(List.of("scaling laws", "mixture of experts", "scaling laws"));

    assertThat(model.embedded.get()).isEqualTo(2);
    assertThat(all).extracting(v -> v[0]).containsExactly(12f, 18f, 12f);
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(2);
    assertThat(cache.modelId()).isEqualTo("counting");
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedBeyondCapacity() {
    CountingEmbedder model = new CountingEmbedder();
    CachingEmbedder cache = new CachingEmbedder(model, 2);

    cache.embed("a");
    cache.embed("bb");
    cache.embed("a"); // "bb" is now the least recently used
    cache.embed("ccc");
    cache.embed("a");
    cache.embed("bb");

    assertThat(cache.size()).isEqualTo(2);
    assertThat(model.embedded.get()).isEqualTo(4);
  }

  @Test
  void shouldHandOutCopiesSoThatCallersCannotChangeTheCache() {
    CachingEmbedder cache = new CachingEmbedder(new CountingEmbedder(), 10);

    cache.embed("phrase")[0] = -1;

    assertThat(cache.embed("phrase")[0]).isEqualTo(6f);
  }

  @Test
  void shouldGiveTheSameVectorsFromManyThreads() throws Exception {
    CountingEmbedder model = new CountingEmbedder();
    CachingEmbedder cache = new CachingEmbedder(model, 50);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Float>> results = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String text = "x".repeat(1 + i % 100);
        results.add(pool.submit(() -> cache.embed(text)[0]));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo((float) (1 + i % 100));
      }
    } finally {
      pool.shutdown();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(50);
    assertThat(cache.hits() + cache.misses()).isEqualTo(2_000);
  }

  @Test
  void shouldRefuseACapacityBelowOne() {
    assertThatThrownBy(() -> new CachingEmbedder(new CountingEmbedder(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
