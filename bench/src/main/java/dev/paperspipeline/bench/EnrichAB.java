package dev.paperspipeline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Paired comparison of {@code PaperEnricher.enrich} of two builds: each benchmarks jar is loaded in
 * its own class loader in one JVM, and the two enrich the same synthetic corpus ({@code
 * DigestGenerator}, 20,000 papers) in alternating slices of 2,000 papers, timed by the thread's CPU
 * clock. On a shared machine the load drifts within seconds; a ratio per pair of adjacent slices
 * cancels most of it, where two JMH runs one after the other do not.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.paperspipeline.bench.EnrichAB before.jar
 * after.jar 150} (jars: copies of {@code bench/target/benchmarks.jar} built at each commit).
 */
public final class EnrichAB {
  private static final int SLICE = 2000;
  private static final Instant NOW = Instant.parse("2025-01-07T00:00:00Z");

  private EnrichAB() {}

  /** One build's enricher and corpus, loaded from its jar. */
  static final class Build {
    private final Object enricher;
    private final Method enrich;
    private final Object[] corpus;
    private int next;

    Build(String jar, int papers) throws ReflectiveOperationException, java.io.IOException {
      ClassLoader cl =
          new URLClassLoader(
              new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> generator = cl.loadClass("dev.paperspipeline.ingest.generate.DigestGenerator");
      Object g =
          generator
              .getConstructor(int.class, int.class, long.class, LocalDate.class)
              .newInstance(papers, 1, 20250106L, LocalDate.of(2025, 1, 6));
      List<?> parsed = (List<?>) generator.getMethod("parseDigest", int.class).invoke(g, 0);
      Method first =
          cl.loadClass("dev.paperspipeline.streams.dedupe.Sightings")
              .getMethod("first", cl.loadClass("dev.paperspipeline.avro.PaperEvent"));
      corpus = new Object[parsed.size()];
      for (int i = 0; i < corpus.length; i++) {
        Object p = parsed.get(i);
        corpus[i] =
            first.invoke(null, p.getClass().getMethod("toEvent", Instant.class).invoke(p, NOW));
      }
      Class<?> enricherClass = cl.loadClass("dev.paperspipeline.streams.enrich.PaperEnricher");
      enricher = enricherClass.getMethod("loadDefault").invoke(null);
      enrich =
          enricherClass.getMethod(
              "enrich", cl.loadClass("dev.paperspipeline.avro.UniquePaper"), Instant.class);
    }

    /** CPU nanoseconds of this thread to enrich the next {@code count} papers. */
    long slice(int count, ThreadMXBean mx) throws ReflectiveOperationException {
      int sink = 0;
      long start = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < count; i++) {
        sink += enrich.invoke(enricher, corpus[next], NOW).hashCode();
        next = (next + 1) % corpus.length;
      }
      long cpu = mx.getCurrentThreadCpuTime() - start;
      return sink == 42 ? cpu + 1 : cpu; // keeps the results alive
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: EnrichAB <before.jar> <after.jar> <pairs of slices>");
      System.exit(2);
    }
    Build before = new Build(args[0], 20_000);
    Build after = new Build(args[1], 20_000);
    int pairs = Integer.parseInt(args[2]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < 20; r++) { // JIT warm-up of both
      before.slice(SLICE, mx);
      after.slice(SLICE, mx);
    }
    long cpuBefore = 0;
    long cpuAfter = 0;
    double[] ratios = new double[pairs];
    for (int r = 0; r < pairs; r++) {
      long b;
      long a;
      if (r % 2 == 0) {
        b = before.slice(SLICE, mx);
        a = after.slice(SLICE, mx);
      } else {
        a = after.slice(SLICE, mx);
        b = before.slice(SLICE, mx);
      }
      cpuBefore += b;
      cpuAfter += a;
      ratios[r] = (double) a / b;
    }
    Arrays.sort(ratios);
    long papers = (long) pairs * SLICE;
    System.out.printf(
        "before %.2f us/paper, after %.2f us/paper (thread CPU, %d papers each, %d pairs);"
            + " after/before median %.3f, quartiles %.3f..%.3f%n",
        cpuBefore / 1000.0 / papers,
        cpuAfter / 1000.0 / papers,
        papers,
        pairs,
        ratios[pairs / 2],
        ratios[pairs / 4],
        ratios[3 * pairs / 4]);
  }
}
