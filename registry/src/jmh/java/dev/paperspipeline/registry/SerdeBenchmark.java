package dev.paperspipeline.registry;

import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hot-path cost of the serdes on a PaperEvent (ids cached, in-memory registry), against plain Avro
 * encoding into a fresh stream. Run from the repository root:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test -pl registry -am
 * java -cp registry/target/test-classes:registry/target/classes:schemas/target/classes:$(cat \
 *     registry/target/cp.txt) org.openjdk.jmh.Main SerdeBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(0)
public class SerdeBenchmark {
  private static final String TOPIC = "papers-raw";
  private final String scope = "bench-" + System.nanoTime();
  private AvroSerializer<PaperEvent> serializer;
  private AvroDeserializer<PaperEvent> deserializer;
  private SpecificDatumWriter<PaperEvent> plainWriter;
  private PaperEvent event;
  private byte[] bytes;
  private BinaryEncoder plainEncoder;

  @Setup(Level.Trial)
  public void setUp() {
    Map<String, Object> config = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    deserializer = new AvroDeserializer<>(PaperEvent.class);
    deserializer.configure(config, false);
    plainWriter = new SpecificDatumWriter<>(PaperEvent.getClassSchema());
    event =
        PaperEvent.newBuilder()
            .setPaperId("0123456789abcdef0123456789abcdef")
            .setTitle("Attention Is Still All You Need: A Benchmark Title of Typical Length")
            .setAbstractText("An abstract of a few hundred characters. ".repeat(8))
            .setDigestDate(LocalDate.of(2026, 11, 23))
            .setDigestDateSource("FILE_NAME")
            .setLineage(
                Lineage.newBuilder()
                    .setFileName("2026-11-23.txt")
                    .setFileSha256("ab".repeat(32))
                    .setOrdinal(12)
                    .setLineNumber(345)
                    .build())
            .setIngestedAt(Instant.ofEpochMilli(1_763_856_000_000L))
            .build();
    bytes = serializer.serialize(TOPIC, event);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    SchemaRegistryClients.dropScope(scope);
  }

  @Benchmark
  public byte[] serialize() {
    return serializer.serialize(TOPIC, event);
  }

  @Benchmark
  public PaperEvent deserialize() {
    return deserializer.deserialize(TOPIC, bytes);
  }

  /** Baseline: plain Avro binary into a fresh ByteArrayOutputStream, no header, no registry. */
  @Benchmark
  public byte[] plainAvroEncode() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    plainEncoder = EncoderFactory.get().binaryEncoder(out, plainEncoder);
    plainWriter.write(event, plainEncoder);
    plainEncoder.flush();
    return out.toByteArray();
  }
}
