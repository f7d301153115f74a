package dev.paperspipeline.bench;

import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The model's own ceiling and a day's digest, measured in this JVM. */
final class ModelCeiling {
  private ModelCeiling() {}

  /**
   * Seconds to embed {@code texts} one call per text (as the enrichments call the model, through
   * {@link TextEmbedder#embedAll} or {@link TextEmbedder#embed}) on {@code threads} threads, each
   * taking every {@code threads}-th text.
   */
  static double embedSeconds(TextEmbedder model, List<String> texts, int threads)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int k = 0; k < threads; k++) {
      int first = k;
      Thread w =
          new Thread(
              () -> {
                try {
                  for (int i = first; i < texts.size(); i += threads) {
                    model.embed(texts.get(i));
                  }
                } catch (RuntimeException | Error e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-model-" + k);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("the model failed", failure.get());
    }
    return seconds;
  }

  /**
   * One day's digest of {@code papers} generated papers, enriched in process on this thread by a
   * new default enricher (the model already loaded, no phrase seen before).
   *
   * @return wall-clock seconds and this thread's CPU seconds
   */
  static double[] digestSeconds(int papers, long seed) throws java.io.IOException {
    List<ParsedPaper> parsed =
        new DigestGenerator(papers, 1, seed, LocalDate.of(2025, 1, 6)).parseDigest(0);
    List<UniquePaper> corpus = new ArrayList<>();
    for (ParsedPaper p : parsed) {
      corpus.add(Sightings.first(p.toEvent(Instant.EPOCH)));
    }
    PaperEnricher enricher = PaperEnricher.loadDefault();
    var clock = ManagementFactory.getThreadMXBean();
    long cpu0 = clock.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Instant now = Instant.now();
    for (UniquePaper p : corpus) {
      enricher.enrich(p, now);
    }
    return new double[] {
      (System.nanoTime() - t0) / 1e9, (clock.getCurrentThreadCpuTime() - cpu0) / 1e9
    };
  }
}
