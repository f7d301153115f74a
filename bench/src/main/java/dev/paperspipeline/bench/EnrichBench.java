package dev.paperspipeline.bench;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import dev.paperspipeline.streams.dedupe.DedupeProcessor;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PaperEnricher#enrich} on one thread over a synthetic corpus made by {@link
 * DigestGenerator}: one operation enriches one paper, so ops/s is papers/s. The corpus is cycled
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
    DigestGenerator generator = new DigestGenerator(papers, 1, 20250106L, LocalDate.of(2025, 1, 6));
    StringWriter text = new StringWriter(papers * 1000);
    generator.writeDigest(0, text);
    ParseResult r =
        new DigestParser(ParserOptions.defaults())
            .parse(
                generator.fileName(0),
                text.toString().getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH);
    if (!r.ok() || r.papers().size() != papers) {
      throw new IllegalStateException(
          "synthetic corpus does not parse cleanly: " + r.allRejections());
    }
    corpus = new UniquePaper[papers];
    for (int i = 0; i < papers; i++) {
      ParsedPaper p = r.papers().get(i);
      corpus[i] = DedupeProcessor.firstSighting(p.toEvent(Instant.EPOCH));
    }
    enricher = PaperEnricher.loadDefault();
  }

  private UniquePaper nextPaper() {
    UniquePaper p = corpus[next];
    next = next + 1 == corpus.length ? 0 : next + 1;
    return p;
  }

  /** Enriches one paper. */
  @Benchmark
  public EnrichedPaper enrich() {
    return enricher.enrich(nextPaper(), NOW);
  }

  /** Enriches one paper and Avro-encodes the result. */
  @Benchmark
  public int enrichAndEncode() throws IOException {
    EnrichedPaper e = enricher.enrich(nextPaper(), NOW);
    bytes.reset();
    encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
    writer.write(e, encoder);
    encoder.flush();
    return bytes.size();
  }
}
