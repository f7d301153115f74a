package dev.paperspipeline.bench;

import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParserOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * Parser throughput on one core over a synthetic digest of about 79 MB made by {@link
 * DigestGenerator}: SHA-256 of the file, strict UTF-8 validation, pairing and paper ids included.
 * The {@code mbPerSecond} secondary result is the throughput in MB (10^6 bytes) per second.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DigestParserBench -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class DigestParserBench {

  /** Number of papers in the one synthetic digest (about 870 bytes each). */
  @Param("90000")
  public int papers;

  private byte[] content;
  private Path file;
  private DigestParser parser;

  /**
   * Throughput per second of wall time, and per second of CPU time: on a shared machine the wall
   * time counts other processes' load, the CPU time of this thread (parse only) and of the whole
   * JVM (parse plus garbage collection and JIT) does not.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public double mbPerSecond;
  }

  /** CPU-time based throughput, per measurement iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private double mb;
    private long threadNanos;
    private long processStart;
    private long processEnd;

    // JMH sums EVENTS counters over the measurement iterations: divide by their count so the
    // reported score is the mean over iterations.
    private int iterations = 1;

    @Setup(Level.Iteration)
    public void reset(IterationParams params) {
      iterations = Math.max(1, params.getCount());
      mb = 0;
      threadNanos = 0;
      processStart = OS.getProcessCpuTime();
      processEnd = processStart;
    }

    long start() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long start, int bytes) {
      threadNanos += THREADS.getCurrentThreadCpuTime() - start;
      mb += bytes / 1e6;
      processEnd = OS.getProcessCpuTime();
    }

    /** MB parsed per second of CPU time of the benchmark thread. */
    public double mbPerThreadCpuSecond() {
      return threadNanos == 0 ? 0 : mb / (threadNanos / 1e9) / iterations;
    }

    /** MB parsed per second of CPU time of the whole JVM (GC and JIT included). */
    public double mbPerProcessCpuSecond() {
      long nanos = processEnd - processStart;
      return nanos <= 0 ? 0 : mb / (nanos / 1e9) / iterations;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    DigestGenerator generator = new DigestGenerator(papers, 1, 20250106L, LocalDate.of(2025, 1, 6));
    ByteArrayOutputStream out = new ByteArrayOutputStream(papers * 1600);
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      generator.writeDigest(0, w);
    }
    content = out.toByteArray();
    file = Files.createTempFile("digest-2025-01-06-", ".txt");
    Files.write(file, content);
    parser = new DigestParser(new ParserOptions(null, Clock.systemUTC()));
    ParseResult check = parser.parse("digest-2025-01-06.txt", content, Instant.EPOCH);
    if (!check.ok() || check.papers().size() != papers) {
      throw new IllegalStateException(
          "synthetic corpus does not parse cleanly: " + check.allRejections());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Parses the corpus held in memory. */
  @Benchmark
  public ParseResult parseBytes(Bytes bytes, CpuTime cpu) {
    long start = cpu.start();
    ParseResult r = parser.parse("digest-2025-01-06.txt", content, Instant.EPOCH);
    cpu.stop(start, content.length);
    bytes.mbPerSecond += content.length / 1e6;
    return r;
  }

  /** Parses the corpus streamed from a file (page cache warm after the first pass). */
  @Benchmark
  public ParseResult parseFile(Bytes bytes, CpuTime cpu) throws IOException {
    long start = cpu.start();
    ParseResult r = parser.parse(file);
    cpu.stop(start, content.length);
    bytes.mbPerSecond += content.length / 1e6;
    return r;
  }
}
