package dev.paperspipeline.registry;

import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.UniquePaper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The serializing done by the dedupe topology per input record: one UniquePaper (two nullable
 * dates, so two {@code ["null", date]} unions) written to its store's changelog, to paper-sightings
 * and, at a first sighting, to papers-unique. Run as {@link SerdeBenchmark} says, with {@code
 * UniquePaperSerdeBenchmark} as the pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(0)
public class UniquePaperSerdeBenchmark {
  private static final String[] DEDUPE_TOPICS = {
    "papers-dedupe-sightings-changelog", "paper-sightings", "papers-unique"
  };

  private final String scope = "bench-" + System.nanoTime();
  private AvroSerializer<UniquePaper> serializer;
  private final UniquePaper[] papers = new UniquePaper[2];
  private int next;
  private final ByteSink sink = new ByteSink();
  private BinaryEncoder encoder;
  private final DatumWriter<Object> avroWriter =
      new SpecificDatumWriter<>(
          UniquePaper.getClassSchema(), SpecificData.getForClass(UniquePaper.class));
  private final DatumWriter<Object> serializerWriter =
      NullableUnions.specificWriter(
          UniquePaper.getClassSchema(), SpecificData.getForClass(UniquePaper.class));

  @Setup(Level.Trial)
  public void setUp() {
    Map<String, Object> config = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    for (int i = 0; i < papers.length; i++) {
      papers[i] =
          UniquePaper.newBuilder()
              .setPaperId("0123456789abcdef0123456789abcde" + i)
              .setTitle("Attention Is Still All You Need: A Benchmark Title of Typical Length")
              .setAbstractText("An abstract of a few hundred characters. ".repeat(20))
              .setFirstDigestDate(LocalDate.of(2026, 11, 20))
              .setLastDigestDate(i == 0 ? LocalDate.of(2026, 11, 23) : null)
              .setSightings(2)
              .setFirstLineage(
                  Lineage.newBuilder()
                      .setFileName("2026-11-20.txt")
                      .setFileSha256("ab".repeat(32))
                      .setOrdinal(12)
                      .setLineNumber(345)
                      .build())
              .setFirstSeenAt(Instant.ofEpochMilli(1_763_856_000_000L))
              .setLastSeenAt(Instant.ofEpochMilli(1_763_942_400_000L))
              .build();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    SchemaRegistryClients.dropScope(scope);
  }

  /** Avro's own union resolution: UniquePaper into a reused buffer, no header, no registry. */
  @Benchmark
  public void avroWriter() throws IOException {
    next ^= 1;
    sink.reset();
    encoder = EncoderFactory.get().binaryEncoder(sink, encoder);
    avroWriter.write(papers[next], encoder);
    encoder.flush();
  }

  /** The same with the serializer's writer (nullable unions resolved by a null check). */
  @Benchmark
  public void serializerWriter() throws IOException {
    next ^= 1;
    sink.reset();
    encoder = EncoderFactory.get().binaryEncoder(sink, encoder);
    serializerWriter.write(papers[next], encoder);
    encoder.flush();
  }

  /** One UniquePaper written once. */
  @Benchmark
  public byte[] serializeOnce() {
    next ^= 1;
    return serializer.serialize("paper-sightings", papers[next]);
  }

  /** One UniquePaper written to the changelog and both sinks, as at a first sighting. */
  @Benchmark
  public void serializeToThreeTopics(Blackhole bh) {
    next ^= 1;
    UniquePaper paper = papers[next];
    for (String topic : DEDUPE_TOPICS) {
      bh.consume(serializer.serialize(topic, paper));
    }
  }
}
