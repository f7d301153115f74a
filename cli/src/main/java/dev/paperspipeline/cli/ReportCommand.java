package dev.paperspipeline.cli;

import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.streams.report.AnalyticsView;
import dev.paperspipeline.streams.report.IsoWeek;
import dev.paperspipeline.streams.report.OutputTopicsReader;
import dev.paperspipeline.streams.report.ReportFormat;
import dev.paperspipeline.streams.report.ReportRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code papers report}: one ISO week of the analytics outputs on one page. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one ISO week of the pipeline's outputs as one page, one heading per section: top"
          + " topics with growth (trending-topics), rising topics with their papers"
          + " (topic-bursts), emerging phrases, staying power, open-code share and input health"
          + " (digest-health, missing days shown), then, for each paper named, its 5 most similar"
          + " papers of earlier digests (cosine of their embeddings in paper-embeddings). A section"
          + " without data says so in one line.",
      "Reads the output topics as a downstream consumer does (read_committed, values decoded"
          + " through the schema registry, no consumer group, nothing committed), from the"
          + " beginning to the end they have when the command starts."
    },
    footer = {
      "%nExamples:",
      "  papers report                                   the latest week with data, Markdown, on"
          + " stdout",
      "  papers report --week 2026-W47 --format html -o w47.html",
      "  papers report -b kafka:9092 -r https://registry:8081 -F client.properties --week"
          + " 2026-W47"
    })
public final class ReportCommand implements Callable<Integer> {
  /** After this long without the read being done, progress goes to stderr. */
  static final Duration QUIET_FOR = Duration.ofSeconds(2);

  /** The clock of the fallback week when no topic holds data; tests replace it. */
  static Clock clock = Clock.systemUTC();

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = {"--week", "-w"},
      paramLabel = "YYYY-Www",
      converter = WeekConverter.class,
      description = "The ISO week, e.g. 2026-W47 (default: the latest week with data).")
  IsoWeek week;

  @Option(
      names = "--format",
      paramLabel = "md|html",
      defaultValue = "md",
      converter = FormatConverter.class,
      description = "Markdown or one self-contained HTML page (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Option(
      names = {"--output", "-o"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of stdout (replaced if it exists).")
  Path output;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "How long reading the topics may take before giving up with exit code 3 (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  /** Parses --week, so that a bad week is a usage error before anything connects. */
  static final class WeekConverter implements ITypeConverter<IsoWeek> {
    @Override
    public IsoWeek convert(String value) {
      try {
        return IsoWeek.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses --format. */
  static final class FormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output != null) {
      Path dir = output.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new NoSuchFileException(String.valueOf(dir));
      }
    }
    cluster.clients();
    cluster.probeKafka();
    cluster.probeRegistry();
    AnalyticsView view = week != null ? AnalyticsView.ofWeek(week) : AnalyticsView.latest(1);
    long started = System.nanoTime();
    OutputTopicsReader.Progress done;
    Set<String> found;
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(
                cluster.clients().schemaRegistryUrl(), cluster.clients().registry());
        OutputTopicsReader reader =
            new OutputTopicsReader(
                cluster.clients().bootstrapServers(), cluster.clients().consumer(), registry)) {
      long[] lastNote = {started};
      done =
          reader.readToEnd(
              view,
              p -> {
                long now = System.nanoTime();
                if (now - started >= QUIET_FOR.toNanos()
                    && now - lastNote[0] >= QUIET_FOR.toNanos()) {
                  lastNote[0] = now;
                  err.println(
                      "papers report: read "
                          + p.records()
                          + " records of the output topics, "
                          + p.remaining()
                          + " left");
                  err.flush();
                }
              },
              timeout);
      found = reader.topicsFound();
    }
    Set<String> absent = new LinkedHashSet<>(AnalyticsView.TOPICS);
    absent.removeAll(found);
    if (!absent.isEmpty()) {
      err.println(
          "papers report: no topic "
              + String.join(", ", absent)
              + " on the cluster yet; "
              + (absent.size() == 1 ? "its section says" : "their sections say")
              + " there is no data");
    }
    if (done.undecodable() > 0) {
      err.println(
          "papers report: "
              + done.undecodable()
              + " records could not be decoded and were skipped (see the log)");
    }
    if (System.nanoTime() - started >= QUIET_FOR.toNanos()) {
      err.println(
          "papers report: read "
              + done.records()
              + " records in "
              + Duration.ofNanos(System.nanoTime() - started).toMillis()
              + " ms");
    }
    IsoWeek shown = week;
    if (shown == null) {
      shown = view.latestWeek().orElse(null);
      if (shown == null) {
        shown = IsoWeek.of(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        err.println("papers report: no output topic holds data yet; reporting this week, " + shown);
      }
    }
    String text = ReportRenderer.render(view.report(shown), format, view.vectors());
    if (output == null) {
      out.print(text);
      out.flush();
    } else {
      // a reader of the file never sees half a report
      Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".report-", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(
            tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      err.println("papers report: week " + shown + " written to " + output);
    }
    err.flush();
    return ExitCodes.OK;
  }
}
