package dev.paperspipeline.bench;

import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The model's own ceiling and a day's digest, measured in this JVM. */
final class ModelCeiling {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private ModelCeiling() {}

  /** Wall-clock seconds of a run, and the CPU seconds of the threads that did its work. */
  record Timing(double seconds, double cpuSeconds) {}

  /**
   * Embeds {@code texts} one call per text (as the enrichments call the model, through {@link
   * TextEmbedder#embedAll} or {@link TextEmbedder#embed}) on {@code threads} threads, each taking
   * every {@code threads}-th text: wall-clock seconds, and the CPU seconds of those threads.
   */
  static Timing embedSeconds(TextEmbedder model, List<String> texts, int threads)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong cpuNanos = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int k = 0; k < threads; k++) {
      int first = k;
      Thread w =
          new Thread(
              () -> {
                long cpu0 = CPU.getCurrentThreadCpuTime();
                try {
                  for (int i = first; i < texts.size(); i += threads) {
                    model.embed(texts.get(i));
                  }
                } catch (RuntimeException | Error e) {
                  failure.compareAndSet(null, e);
                } finally {
                  cpuNanos.addAndGet(CPU.getCurrentThreadCpuTime() - cpu0);
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
    return new Timing(seconds, cpuNanos.get() / 1e9);
  }

  /**
   * CPU time so far of the live threads whose name starts with {@code prefix} and contains {@code
   * part} (e.g. an app's stream threads: {@code <application.id>-<uuid>-StreamThread-<n>}).
   */
  static long threadsCpuNanos(String prefix, String part) {
    long sum = 0;
    for (ThreadInfo t : CPU.getThreadInfo(CPU.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(prefix) && t.getThreadName().contains(part)) {
        sum += Math.max(0, CPU.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
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
    long cpu0 = CPU.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Instant now = Instant.now();
    for (UniquePaper p : corpus) {
      enricher.enrich(p, now);
    }
    return new double[] {
      (System.nanoTime() - t0) / 1e9, (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9
    };
  }
}
