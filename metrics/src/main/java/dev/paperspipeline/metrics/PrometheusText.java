package dev.paperspipeline.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes metric families in the Prometheus text exposition format, version 0.0.4: {@code # HELP}
 * and {@code # TYPE} lines, then one {@code name{label="value"} number} line per sample.
 */
public final class PrometheusText {
  /** The Content-Type of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /** The families as one exposition document. */
  public static String format(Collection<MetricFamily> families) {
    StringBuilder out = new StringBuilder(4096);
    write(families, out);
    return out.toString();
  }

  /** Appends the families to {@code out}. */
  public static void write(Collection<MetricFamily> families, Appendable out) {
    try {
      for (MetricFamily family : families) {
        out.append("# HELP ")
            .append(family.name())
            .append(' ')
            .append(escapeHelp(family.help()))
            .append('\n');
        out.append("# TYPE ")
            .append(family.name())
            .append(' ')
            .append(family.type().name().toLowerCase(Locale.ROOT))
            .append('\n');
        for (MetricFamily.Sample sample : family.samples()) {
          out.append(family.name());
          if (!sample.labels().isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : sample.labels().entrySet()) {
              if (!first) {
                out.append(',');
              }
              first = false;
              out.append(label.getKey())
                  .append("=\"")
                  .append(escapeLabelValue(label.getValue()))
                  .append('"');
            }
            out.append('}');
          }
          out.append(' ').append(formatValue(sample.value())).append('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A valid metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}): every other character becomes {@code
   * _}, runs of {@code _} collapse, and a leading digit gets a {@code _} in front.
   */
  public static String sanitizeMetricName(String raw) {
    return sanitize(raw, true);
  }

  /**
   * A valid label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting with the reserved {@code __}).
   */
  public static String sanitizeLabelName(String raw) {
    String s = sanitize(raw, false);
    while (s.startsWith("__")) {
      s = s.substring(1);
    }
    return s;
  }

  private static String sanitize(String raw, boolean allowColon) {
    if (raw == null || raw.isEmpty()) {
      return "_";
    }
    StringBuilder s = new StringBuilder(raw.length() + 1);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || (allowColon && c == ':');
      char put = ok ? c : '_';
      if (put == '_' && s.length() > 0 && s.charAt(s.length() - 1) == '_') {
        continue;
      }
      s.append(put);
    }
    if (s.charAt(0) >= '0' && s.charAt(0) <= '9') {
      s.insert(0, '_');
    }
    return s.toString();
  }

  /** A label value with backslash, double quote and line feed escaped. */
  public static String escapeLabelValue(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> s.append("\\\\");
        case '"' -> s.append("\\\"");
        case '\n' -> s.append("\\n");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  /** Help text with backslash and line feed escaped (double quotes stay as they are). */
  public static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** {@code NaN}, {@code +Inf}, {@code -Inf}, integral values without a fraction, else Java's. */
  public static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
