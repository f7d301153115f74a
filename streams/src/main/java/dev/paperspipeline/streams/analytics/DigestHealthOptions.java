package dev.paperspipeline.streams.analytics;

/**
 * Options of the input-health output.
 *
 * @param weekendGaps whether a Saturday or Sunday without a digest is a missing date; when false,
 *     such days are neither emitted as missing nor counted in {@code gapDaysBefore}
 * @param nearDuplicateShare a file is a near duplicate when at least this share of its papers were
 *     already listed by earlier files of the same digest date
 * @param maxMissingEmitted most missing dates emitted for one gap: a date far off (a wrong year)
 *     would otherwise emit a record per day; {@code gapDaysBefore} still counts the whole gap
 */
public record DigestHealthOptions(
    boolean weekendGaps, double nearDuplicateShare, int maxMissingEmitted) {
  /**
   * Default: weekends count. Hugging Face daily papers follow arXiv, which announces nothing on
   * weekends, but one of the three real digests is dated a Saturday (Apr 4 with the inferred year
   * 2026), so weekend digests happen; showing a weekend as a gap is noise a reader can switch off,
   * hiding a real gap is not something they can see.
   */
  public static final boolean DEFAULT_WEEKEND_GAPS = true;

  /** Default near-duplicate share: 90 % of a file's papers already listed that day. */
  public static final double DEFAULT_NEAR_DUPLICATE_SHARE = 0.9;

  /** Default cap on the missing dates emitted per gap: a year and a day. */
  public static final int DEFAULT_MAX_MISSING_EMITTED = 366;

  public DigestHealthOptions {
    if (!(nearDuplicateShare > 0 && nearDuplicateShare <= 1)) {
      throw new IllegalArgumentException(
          "nearDuplicateShare must be in (0, 1]: " + nearDuplicateShare);
    }
    if (maxMissingEmitted < 0) {
      throw new IllegalArgumentException("maxMissingEmitted must not be negative");
    }
  }

  /** The defaults. */
  public static DigestHealthOptions defaults() {
    return new DigestHealthOptions(
        DEFAULT_WEEKEND_GAPS, DEFAULT_NEAR_DUPLICATE_SHARE, DEFAULT_MAX_MISSING_EMITTED);
  }
}
