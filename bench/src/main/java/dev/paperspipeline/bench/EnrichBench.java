package dev.paperspipeline.bench;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;

/**
 * {@link PaperEnricher#enrich} on one thread over a synthetic corpus made by {@link
 * DigestGenerator}: one operation enriches one paper, so ops/s is papers/s (measured in batches of
 * {@value #BATCH} so that reading the thread's CPU clock costs little). The corpus is cycled
 * through in order so that the branch predictor and caches see varied papers, as the enrich stream
 * thread does.
 *
 * <p>{@code enrichAndEncode} adds the Avro binary encoding of the enriched record (what the
 * topology's serde does besides the schema-registry header), for the per-paper budget of the stage.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EnrichBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class EnrichBench {
  private static final int BATCH = 100;

  /** Number of distinct papers cycled through. */
  @Param("20000")
  public int papers;

  private static final Instant NOW = Instant.parse("2025-01-07T00:00:00Z");

  private UniquePaper[] corpus;
  private int next;
  private PaperEnricher enricher;
  private final SpecificDatumWriter<EnrichedPaper> writer =
      new SpecificDatumWriter<>(EnrichedPaper.class);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
  private BinaryEncoder encoder;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<ParsedPaper> parsed =
        new DigestGenerator(papers, 1, 20250106L, LocalDate.of(2025, 1, 6)).parseDigest(0);
    if (parsed.size() != papers) {
      throw new IllegalStateException(
          "synthetic corpus does not parse cleanly: " + parsed.size() + " of " + papers);
    }
    corpus = new UniquePaper[papers];
    for (int i = 0; i < papers; i++) {
      corpus[i] = Sightings.first(parsed.get(i).toEvent(Instant.EPOCH));
    }
    enricher = PaperEnricher.loadDefault();
  }

  private UniquePaper nextPaper() {
    UniquePaper p = corpus[next];
    next = next + 1 == corpus.length ? 0 : next + 1;
    return p;
  }

  /** Enriches {@value #BATCH} papers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void enrich(CpuTime cpu, Blackhole bh) {
    long start = cpu.start();
    for (int i = 0; i < BATCH; i++) {
      bh.consume(enricher.enrich(nextPaper(), NOW));
    }
    cpu.stop(start, BATCH);
  }

  /** Enriches {@value #BATCH} papers and Avro-encodes each result. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void enrichAndEncode(CpuTime cpu, Blackhole bh) throws IOException {
    long start = cpu.start();
    for (int i = 0; i < BATCH; i++) {
      EnrichedPaper e = enricher.enrich(nextPaper(), NOW);
      bytes.reset();
      encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
      writer.write(e, encoder);
      encoder.flush();
      bh.consume(bytes.size());
    }
    cpu.stop(start, BATCH);
  }

  /**
   * Papers per second of CPU time of the benchmark thread: on this shared machine the wall-time
   * score counts other processes' load, the thread's CPU time does not.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long papers;
    private long threadNanos;

    // JMH sums EVENTS counters over the measurement iterations: divide by their count so the
    // reported score is the mean over iterations.
    private int iterations = 1;

    @Setup(Level.Iteration)
    public void reset(IterationParams params) {
      iterations = Math.max(1, params.getCount());
      papers = 0;
      threadNanos = 0;
    }

    long start() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long start, int count) {
      threadNanos += THREADS.getCurrentThreadCpuTime() - start;
      papers += count;
    }

    /** Papers enriched per second of CPU time of the benchmark thread. */
    public double papersPerThreadCpuSecond() {
      return threadNanos == 0 ? 0 : papers / (threadNanos / 1e9) / iterations;
    }
  }
}
