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

  public PaperEnricher(Taxonomy taxonomy, MentionExtractor mentions) {
    this.classifier = new TopicClassifier(taxonomy);
    this.mentions = mentions;
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
    return EnrichedPaper.newBuilder()
        .setPaperId(paper.getPaperId())
        .setTitle(paper.getTitle())
        .setAbstractText(paper.getAbstractText())
        .setDigestDate(paper.getFirstDigestDate())
        .setTopics(classifier.classify(title, abstractText))
        .setTaxonomyVersion(taxonomyVersion())
        .setKeyphrases(keyphrases.extract(title, abstractText))
        .setCodeLinks(links.extract(paper.getAbstractText()))
        .setMentions(mentions.extract(title, abstractText))
        .setWordCount(wordCount(paper.getAbstractText()))
        .setFirstLineage(paper.getFirstLineage())
        .setEnrichedAt(now)
        .build();
  }

  /** Whitespace-separated words that contain at least one letter or digit. */
  public static int wordCount(String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    boolean hasAlnum = false;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isWhitespace(c)) {
        if (inWord && hasAlnum) {
          count++;
        }
        inWord = false;
        hasAlnum = false;
      } else {
        inWord = true;
        hasAlnum |= Character.isLetterOrDigit(c);
      }
    }
    return count;
  }
}
