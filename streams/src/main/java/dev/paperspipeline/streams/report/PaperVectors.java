package dev.paperspipeline.streams.report;

import dev.paperspipeline.avro.PaperEmbedding;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest embedding of every paper of {@code paper-embeddings}, in memory, and the query "the
 * papers most similar to this one among those with an earlier digest date", answered by brute force
 * over all of them (a dot product of unit vectors per paper: about 1.5 KB and 384 multiply-adds per
 * paper with all-minilm-l6-v2-q).
 *
 * <p>The answer depends only on the set of embeddings held, not on the order they arrived: the
 * latest record of a paper replaces the earlier one (as compaction does), and the ranking is a
 * total order, highest cosine first, then paperId. Only vectors of the query paper's model are
 * compared. Thread-safe: queries run while the feed adds embeddings.
 */
public final class PaperVectors {
  /**
   * One similar paper.
   *
   * @param paperId its id
   * @param title its title
   * @param digestDate its digest date, earlier than the query paper's
   * @param cosine cosine similarity with the query paper, in [-1, 1]
   */
  public record Similar(String paperId, String title, LocalDate digestDate, double cosine) {}

  /** The embedding of one paper as held. */
  private record Entry(
      String paperId, String title, String model, LocalDate digestDate, float[] vector) {}

  /** Best first: highest cosine, then the smaller paperId. */
  public static final Comparator<Similar> RANKING =
      Comparator.comparingDouble(Similar::cosine).reversed().thenComparing(Similar::paperId);

  private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();

  /** Holds {@code e} as the latest embedding of its paper. */
  public void put(PaperEmbedding e) {
    List<Float> v = e.getVector();
    float[] vector = new float[v.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = v.get(i);
    }
    byId.put(
        e.getPaperId(),
        new Entry(e.getPaperId(), e.getTitle(), e.getModel(), e.getDigestDate(), vector));
  }

  /** Forgets the embedding of {@code paperId} (a tombstone). */
  public void remove(String paperId) {
    byId.remove(paperId);
  }

  /** The number of papers held. */
  public int size() {
    return byId.size();
  }

  /** Whether an embedding of {@code paperId} is held. */
  public boolean contains(String paperId) {
    return byId.containsKey(paperId);
  }

  /** The digest date of {@code paperId}'s embedding, empty when none is held or it has none. */
  public Optional<LocalDate> digestDate(String paperId) {
    Entry e = byId.get(paperId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.digestDate());
  }

  /** The model of {@code paperId}'s embedding, empty when none is held. */
  public Optional<String> model(String paperId) {
    Entry e = byId.get(paperId);
    return e == null ? Optional.empty() : Optional.of(e.model());
  }

  /**
   * The {@code n} papers most similar to {@code paperId} among those with an earlier digest date
   * and the same model, best first ({@link #RANKING}). Empty when {@code paperId} has no embedding
   * or no digest date.
   */
  public List<Similar> earlier(String paperId, int n) {
    Entry query = byId.get(paperId);
    if (query == null || query.digestDate() == null || n < 1) {
      return List.of();
    }
    // the worst kept at the head, dropped when a better one comes
    PriorityQueue<Similar> top = new PriorityQueue<>(n + 1, RANKING.reversed());
    float[] q = query.vector();
    for (Entry e : byId.values()) {
      if (e.digestDate() == null
          || !e.digestDate().isBefore(query.digestDate())
          || !e.model().equals(query.model())
          || e.vector().length != q.length) {
        continue;
      }
      Similar s = new Similar(e.paperId(), e.title(), e.digestDate(), dot(q, e.vector()));
      if (top.size() < n) {
        top.add(s);
      } else if (RANKING.compare(s, top.peek()) < 0) {
        top.poll();
        top.add(s);
      }
    }
    List<Similar> out = new ArrayList<>(top);
    out.sort(RANKING);
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
