package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import java.time.Instant;

/**
 * The pure enrichment function: a unique paper in, an enriched paper out. Thread-safe and stateless
 * after construction (the matchers are built once).
 */
public final class PaperEnricher {
  private final TopicClassifier classifier;
  private final KeyphraseExtractor keyphrases = new KeyphraseExtractor();
  private final LinkExtractor links = new LinkExtractor();
  private final MentionExtractor mentions;
  // the words of all three matchers, so that each text is scanned once
  private final Lexicon lexicon = new Lexicon();

  public PaperEnricher(Taxonomy taxonomy, MentionExtractor mentions) {
    this.classifier = new TopicClassifier(taxonomy);
    this.mentions = mentions;
    classifier.addTermsTo(lexicon);
    mentions.addAliasesTo(lexicon);
    KeyphraseExtractor.addStopwordsTo(lexicon);
  }

  /** An enricher with the default taxonomy and dataset list. */
  public static PaperEnricher loadDefault() {
    return new PaperEnricher(Taxonomy.loadDefault(), MentionExtractor.loadDefault());
  }

  public String taxonomyVersion() {
    return classifier.taxonomy().version();
  }

  /** Enriches {@code paper}; {@code now} becomes {@code enrichedAt}. */
  public EnrichedPaper enrich(UniquePaper paper, Instant now) {
    Tokens title = Tokens.of(paper.getTitle());
    Tokens abstractText = Tokens.of(paper.getAbstractText());
    boolean[] datasets = mentions.found();
    Lexicon.Matches inTitle = lexicon.scan(title, datasets);
    Lexicon.Matches inAbstract = lexicon.scan(abstractText, datasets);
    mentions.findShorthands(paper.getTitle(), datasets);
    mentions.findShorthands(paper.getAbstractText(), datasets);
    // the all-fields constructor: the builder's per-field validation and bookkeeping cost more
    // than the rest of building the record, and every value here is set
    return new EnrichedPaper(
        paper.getPaperId(),
        paper.getTitle(),
        paper.getAbstractText(),
        paper.getFirstDigestDate(),
        classifier.classify(inTitle, inAbstract),
        taxonomyVersion(),
        keyphrases.extract(title, inTitle, abstractText, inAbstract),
        links.extract(paper.getAbstractText()),
        mentions.names(datasets),
        abstractText.wordCount(),
        paper.getFirstLineage(),
        now);
  }

  /** Whitespace-separated words that contain at least one letter or digit. */
  public static int wordCount(String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    boolean hasAlnum = false;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean space;
      boolean alnum;
      if (c < 128) {
        byte k = ASCII[c];
        space = k == SPACE;
        alnum = k == ALNUM;
      } else {
        space = Character.isWhitespace(c);
        alnum = !space && Character.isLetterOrDigit(c);
      }
      if (space) {
        if (inWord && hasAlnum) {
          count++;
        }
        inWord = false;
        hasAlnum = false;
      } else {
        inWord = true;
        hasAlnum |= alnum;
      }
    }
    return inWord && hasAlnum ? count + 1 : count;
  }

  // Classes of ASCII characters, so that the common case needs no Character lookups.
  private static final byte SPACE = 1;
  private static final byte ALNUM = 2;
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = Character.isWhitespace(c) ? SPACE : Character.isLetterOrDigit(c) ? ALNUM : 0;
    }
  }
}
