package dev.paperspipeline.bench;

import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParserOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
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

  /** Bytes parsed, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public double mbPerSecond;
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
  public ParseResult parseBytes(Bytes bytes) {
    ParseResult r = parser.parse("digest-2025-01-06.txt", content, Instant.EPOCH);
    bytes.mbPerSecond += content.length / 1e6;
    return r;
  }

  /** Parses the corpus streamed from a file (page cache warm after the first pass). */
  @Benchmark
  public ParseResult parseFile(Bytes bytes) throws IOException {
    ParseResult r = parser.parse(file);
    bytes.mbPerSecond += content.length / 1e6;
    return r;
  }
}
