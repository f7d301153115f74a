package dev.paperspipeline.ingest.generate;

import dev.paperspipeline.ingest.generate.Vocabulary.Topic;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes realistic synthetic digests in the exact format of the real ones: header variants ({@code
 * byAK} / {@code by AK}, with or without {@code Daily Papers}), a date line ({@code Jan 6}), then
 * title / abstract pairs separated by blank lines, without a trailing newline.
 *
 * <p>There are {@code papers} distinct papers spread over {@code digests} consecutive days starting
 * at {@code startDate}; each paper is listed in 1 to 3 digests (its first day and up to three days
 * after), so the same paper is seen several times. Topics drift: early digests lean to diffusion
 * and vision, late ones to agents, LLMs and RL. Everything is a pure function of the seed: each
 * paper's text is re-derived from {@code (seed, paper index)} when a digest needs it, so nothing
 * but one paper is held in memory however many papers are generated.
 */
public final class DigestGenerator {

  /** Most days after its first one on which a paper is listed again. */
  public static final int MAX_REPEAT_GAP = 3;

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ra", "ti", "vo", "zu", "de", "sa", "pe", "xo",
    "bi", "gu", "ha", "jo", "ku", "le", "mo", "nu", "ri", "so", "te", "wa"
  };

  /** Most distinct papers: the number of distinct five-syllable names. */
  public static final long MAX_PAPERS = 24L * 24 * 24 * 24 * 24;

  private static final long NAME_SPACE = MAX_PAPERS;
  private static final long NAME_MULTIPLIER = 1_000_003L; // coprime with 24^5: a bijection

  private final int papers;
  private final int digests;
  private final long seed;
  private final LocalDate startDate;
  private final Burst burst;
  private final Phrase phrase;

  /**
   * A planted burst: on digest {@code day}, the new papers of generator topic {@code topic} (one of
   * diffusion, vision, llm, agents, rl, speech, robotics) are {@code factor} times as many, the
   * extra ones listed that day only.
   */
  public record Burst(String topic, int day, int factor) {
    public Burst {
      topicIndex(topic);
      if (factor < 2) {
        throw new IllegalArgumentException("a burst factor must be at least 2: " + factor);
      }
    }
  }

  /**
   * A planted emerging phrase: from digest {@code fromDay} on, {@code papersPerDay} extra papers a
   * day (listed that day only) whose title and abstract name {@code text}, a phrase no other paper
   * uses.
   */
  public record Phrase(String text, int fromDay, int papersPerDay) {
    public Phrase {
      if (text.isBlank() || papersPerDay < 1) {
        throw new IllegalArgumentException("a phrase needs text and at least one paper a day");
      }
    }
  }

  // Planted papers take indices after the regular ones: burst extras from PLANTED_BASE, phrase
  // papers from PLANTED_BASE + PHRASE_OFFSET.
  private static final int PHRASE_OFFSET = 100_000;

  /**
   * @param papers number of distinct papers, 1 to {@value #MAX_PAPERS}
   * @param digests number of digests (consecutive days), at least 1
   * @param seed everything is derived from it
   * @param startDate date of the first digest
   */
  public DigestGenerator(int papers, int digests, long seed, LocalDate startDate) {
    if (papers < 1 || papers > NAME_SPACE) {
      throw new IllegalArgumentException("papers must be in 1.." + NAME_SPACE + ": " + papers);
    }
    if (digests < 1) {
      throw new IllegalArgumentException("digests must be >= 1: " + digests);
    }
    this.papers = papers;
    this.digests = digests;
    this.seed = seed;
    this.startDate = Objects.requireNonNull(startDate, "startDate");
    this.burst = null;
    this.phrase = null;
  }

  private DigestGenerator(DigestGenerator g, Burst burst, Phrase phrase) {
    this.papers = g.papers;
    this.digests = g.digests;
    this.seed = g.seed;
    this.startDate = g.startDate;
    if (burst != null && (burst.day() < 0 || burst.day() >= digests)) {
      throw new IllegalArgumentException("burst day must be in 0.." + (digests - 1));
    }
    if (phrase != null && (phrase.fromDay() < 0 || phrase.fromDay() >= digests)) {
      throw new IllegalArgumentException("phrase day must be in 0.." + (digests - 1));
    }
    if ((long) papers + 2L * PHRASE_OFFSET + (long) digests * 1000 > NAME_SPACE) {
      throw new IllegalArgumentException("too many papers to plant more: " + papers);
    }
    this.burst = burst;
    this.phrase = phrase;
  }

  /** This generator with a planted burst (the papers of other days are unchanged). */
  public DigestGenerator withBurst(Burst burst) {
    return new DigestGenerator(this, Objects.requireNonNull(burst, "burst"), phrase);
  }

  /** This generator with a planted emerging phrase (the other papers are unchanged). */
  public DigestGenerator withPhrase(Phrase phrase) {
    return new DigestGenerator(this, burst, Objects.requireNonNull(phrase, "phrase"));
  }

  private static int topicIndex(String topic) {
    for (int i = 0; i < Vocabulary.TOPICS.size(); i++) {
      if (Vocabulary.TOPICS.get(i).name().equals(topic)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "unknown generator topic "
            + topic
            + "; one of "
            + Vocabulary.TOPICS.stream().map(Topic::name).toList());
  }

  /** What {@link #generate(Path)} wrote. */
  public record Summary(
      List<Path> files,
      List<Integer> papersPerFile,
      long sightings,
      int distinctPapers,
      long bytes) {
    public Summary {
      files = List.copyOf(files);
      papersPerFile = List.copyOf(papersPerFile);
    }
  }

  /** Date of digest {@code day} (0-based). */
  public LocalDate date(int day) {
    return startDate.plusDays(day);
  }

  /** File name of digest {@code day}: {@code digest-yyyy-MM-dd.txt}. */
  public String fileName(int day) {
    return "digest-" + date(day) + ".txt";
  }

  /** Writes every digest into {@code outDir} (created when missing), one file per day. */
  public Summary generate(Path outDir) throws IOException {
    Files.createDirectories(outDir);
    int planted = 0;
    List<Path> files = new ArrayList<>(digests);
    List<Integer> counts = new ArrayList<>(digests);
    long sightings = 0;
    long bytes = 0;
    for (int day = 0; day < digests; day++) {
      Path file = outDir.resolve(fileName(day));
      int count;
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        count = writeDigest(day, w);
      }
      files.add(file);
      counts.add(count);
      sightings += count;
      bytes += Files.size(file);
    }
    for (int day = 0; day < digests; day++) {
      planted += plantedOn(day).size();
    }
    return new Summary(files, counts, sightings, papers + planted, bytes);
  }

  /**
   * Digest {@code day} as the parser reads it (default options, ingested at the epoch): the papers
   * benchmarks and tests enrich without files or Kafka.
   */
  public List<ParsedPaper> parseDigest(int day) throws IOException {
    StringWriter text = new StringWriter();
    writeDigest(day, text);
    ParseResult r =
        new DigestParser(ParserOptions.defaults())
            .parse(fileName(day), text.toString().getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    return r.papers();
  }

  /**
   * Writes digest {@code day} to {@code out}.
   *
   * @return the number of papers written
   */
  public int writeDigest(int day, Writer out) throws IOException {
    if (day < 0 || day >= digests) {
      throw new IllegalArgumentException("day must be in 0.." + (digests - 1) + ": " + day);
    }
    SplittableRandom dayRandom = new SplittableRandom(mix(seed, -1 - day));
    StringBuilder sb = new StringBuilder(4096);
    sb.append("new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n");
    if (dayRandom.nextInt(3) != 0) {
      sb.append("Daily Papers\n\n");
    }
    sb.append(dayRandom.nextBoolean() ? "byAK" : "by AK").append(" and the research community\n\n");
    LocalDate date = date(day);
    sb.append(date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
        .append(' ')
        .append(date.getDayOfMonth());
    out.write(sb.toString());

    // Papers whose first day is within MAX_REPEAT_GAP days before this one, listed today.
    List<Integer> listed = new ArrayList<>();
    int fromDay = Math.max(0, day - MAX_REPEAT_GAP);
    for (int i = firstPaperOf(fromDay); i < firstPaperOf(day + 1); i++) {
      if (isListedOn(i, day)) {
        listed.add(i);
      }
    }
    // Shuffle so repeated papers mix with new ones, as on the real page.
    for (int k = listed.size() - 1; k > 0; k--) {
      int j = dayRandom.nextInt(k + 1);
      Integer t = listed.get(k);
      listed.set(k, listed.get(j));
      listed.set(j, t);
    }
    List<Integer> planted = plantedOn(day);
    listed.addAll(planted);
    for (int k = listed.size() - 1; k > listed.size() - 1 - planted.size() && k > 0; k--) {
      int j = dayRandom.nextInt(k + 1);
      Integer t = listed.get(k);
      listed.set(k, listed.get(j));
      listed.set(j, t);
    }
    for (int i : listed) {
      sb.setLength(0);
      sb.append("\n\n");
      appendPaper(i, sb);
      out.write(sb.toString());
    }
    return listed.size();
  }

  /** The planted papers listed on {@code day} (each on that day only), by index. */
  private List<Integer> plantedOn(int day) {
    List<Integer> planted = new ArrayList<>();
    if (burst != null && burst.day() == day) {
      int topic = topicIndex(burst.topic());
      int regular = 0;
      for (int i = firstPaperOf(day); i < firstPaperOf(day + 1); i++) {
        if (topicOf(i) == topic) {
          regular++;
        }
      }
      for (int k = 0; k < regular * (burst.factor() - 1); k++) {
        planted.add(papers + k);
      }
    }
    if (phrase != null && day >= phrase.fromDay()) {
      for (int k = 0; k < phrase.papersPerDay(); k++) {
        planted.add(papers + PHRASE_OFFSET + (day - phrase.fromDay()) * 1000 + k);
      }
    }
    return planted;
  }

  /** The topic of regular paper {@code i}: the first draw of its random stream. */
  private int topicOf(int paper) {
    SplittableRandom r = new SplittableRandom(mix(seed, paper));
    double t = digests == 1 ? 0.5 : (double) firstDayOf(paper) / (digests - 1);
    return pickWeighted(Vocabulary.weights(t), r);
  }

  /** Index of the first paper whose first day is {@code day}. */
  private int firstPaperOf(int day) {
    return (int) (((long) day * papers + digests - 1) / digests);
  }

  private int firstDayOf(int paper) {
    return (int) ((long) paper * digests / papers);
  }

  /** Days after the first one on which paper {@code i} is listed again (bit k = day + k). */
  private int repeatMask(int paper) {
    SplittableRandom r = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, paper));
    int roll = r.nextInt(10);
    int extra = roll < 5 ? 0 : roll < 8 ? 1 : 2;
    int mask = 1;
    while (Integer.bitCount(mask) < 1 + extra) {
      mask |= 1 << (1 + r.nextInt(MAX_REPEAT_GAP));
    }
    return mask;
  }

  /** Whether paper {@code i} is listed in digest {@code day}. */
  public boolean isListedOn(int paper, int day) {
    int offset = day - firstDayOf(paper);
    return offset >= 0 && offset <= MAX_REPEAT_GAP && (repeatMask(paper) & (1 << offset)) != 0;
  }

  /** Appends title, blank line and abstract of paper {@code i}. */
  void appendPaper(int paper, StringBuilder sb) {
    SplittableRandom r = new SplittableRandom(mix(seed, paper));
    Topic topic;
    String planted = null;
    if (paper < papers) {
      double t = digests == 1 ? 0.5 : (double) firstDayOf(paper) / (digests - 1);
      topic = Vocabulary.TOPICS.get(pickWeighted(Vocabulary.weights(t), r));
    } else if (paper < papers + PHRASE_OFFSET) {
      topic = Vocabulary.TOPICS.get(topicIndex(burst.topic()));
    } else {
      topic = Vocabulary.TOPICS.get(r.nextInt(Vocabulary.TOPICS.size()));
      planted = phrase.text();
    }
    String name = name(paper);
    String method = pick(topic.methods(), r);
    String task = pick(topic.tasks(), r);
    String adj = pick(Vocabulary.ADJECTIVES, r);
    if (r.nextInt(20) == 0) {
      adj = pick(Vocabulary.ACCENTED, r) + " " + adj;
    }

    sb.append(name);
    if (planted != null) {
      sb.append(": ")
          .append(titleCase(planted))
          .append(" for ")
          .append(pick(topic.tasks(), r))
          .append("\n\n")
          .append("We study ")
          .append(planted)
          .append(" for ")
          .append(pick(topic.tasks(), r).toLowerCase(Locale.ROOT))
          .append(". With ")
          .append(planted)
          .append(", ")
          .append(name)
          .append(' ')
          .append(pick(topic.mechanisms(), r))
          .append('.');
      return;
    }
    switch (r.nextInt(8)) {
      case 0 -> sb.append(": ").append(adj).append(' ').append(method).append(" for ").append(task);
      case 1 ->
          sb.append(": Towards ")
              .append(adj)
              .append(' ')
              .append(task)
              .append(" with ")
              .append(method);
      case 2 -> sb.append(": Scaling ").append(method).append(" to ").append(task);
      case 3 -> sb.append(": When ").append(method).append(" Meet ").append(task);
      case 4 -> sb.append(": A ").append(adj).append(" Benchmark for ").append(task);
      case 5 -> sb.append(": Rethinking ").append(task).append(" via ").append(method);
      case 6 -> sb.append(": Can ").append(method).append(" Solve ").append(task).append('?');
      default ->
          sb.append(" — ").append(adj).append(' ').append(task).append(" through ").append(method);
    }
    sb.append("\n\n");

    String methodLower = method.toLowerCase(Locale.ROOT);
    String taskLower = task.toLowerCase(Locale.ROOT);
    String problem = pick(topic.problems(), r);
    switch (r.nextInt(3)) {
      case 0 ->
          sb.append(task)
              .append(" remains a central challenge for ")
              .append(pick(Vocabulary.FIELDS, r))
              .append(", yet existing approaches based on ")
              .append(methodLower)
              .append(" struggle with ")
              .append(problem);
      case 1 ->
          sb.append("Recent progress in ")
              .append(methodLower)
              .append(" has transformed ")
              .append(taskLower)
              .append(", but current systems still suffer from ")
              .append(problem);
      default ->
          sb.append("Despite rapid advances in ")
              .append(methodLower)
              .append(" for ")
              .append(taskLower)
              .append(", ")
              .append(pick(Vocabulary.FIELDS, r))
              .append(" still have to cope with ")
              .append(problem);
    }
    String adjLower = adj.toLowerCase(Locale.ROOT);
    List<String> mechanisms = topic.mechanisms();
    int m0 = r.nextInt(mechanisms.size());
    int m1 = (m0 + 1 + r.nextInt(mechanisms.size() - 1)) % mechanisms.size();
    sb.append(". In this work, we introduce ")
        .append(name)
        .append(", ")
        .append("aeiou".indexOf(adjLower.charAt(0)) >= 0 ? "an " : "a ")
        .append(adjLower)
        .append(" framework that ")
        .append(mechanisms.get(m0))
        .append(". Unlike prior work, ")
        .append(name)
        .append(" also ")
        .append(mechanisms.get(m1))
        .append(", which makes ")
        .append(taskLower)
        .append(" both cheaper and more reliable. We evaluate ")
        .append(name)
        .append(" on ");
    List<String> datasets = topic.datasets();
    int d0 = r.nextInt(datasets.size());
    int d1 = (d0 + 1 + r.nextInt(datasets.size() - 1)) % datasets.size();
    sb.append(datasets.get(d0))
        .append(" and ")
        .append(datasets.get(d1))
        .append(", where it improves ")
        .append(pick(topic.metrics(), r))
        .append(" by ")
        .append(1 + r.nextInt(15))
        .append('.')
        .append(r.nextInt(10))
        .append(" points over strong baselines while using ")
        .append(2 + r.nextInt(9))
        .append("x less compute. Ablation studies show that ")
        .append(pick(Vocabulary.COMPONENTS, r))
        .append(
            " accounts for most of the gain, and that the improvements hold across model"
                + " sizes from ")
        .append(1 + r.nextInt(7))
        .append("B to ")
        .append(8 + r.nextInt(65))
        .append("B parameters.");
    if (r.nextInt(3) != 0) {
      sb.append(" Our results suggest that ").append(pick(Vocabulary.INSIGHTS, r)).append('.');
    }
    if (r.nextInt(5) < 2) {
      sb.append(" Code and models are available at https://github.com/")
          .append(pick(Vocabulary.ORGS, r))
          .append('/')
          .append(name.toLowerCase(Locale.ROOT))
          .append('.');
    }
  }

  private static String titleCase(String phrase) {
    StringBuilder b = new StringBuilder(phrase.length());
    for (String w : phrase.split(" ")) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return b.toString();
  }

  /** A pronounceable name unique to the paper: a bijection of its index onto five syllables. */
  static String name(int paper) {
    long v = Math.floorMod(paper * NAME_MULTIPLIER + 7_919L, NAME_SPACE);
    StringBuilder sb = new StringBuilder(10);
    for (int k = 0; k < 5; k++) {
      sb.append(SYLLABLES[(int) (v % 24)]);
      v /= 24;
    }
    sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
    return sb.toString();
  }

  private static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }

  private static int pickWeighted(double[] weights, SplittableRandom r) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** SplitMix64 finalizer over (seed, index): independent streams per paper and per day. */
  private static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
