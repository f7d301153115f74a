package dev.paperspipeline.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One metric name with its help text, type and samples (one per label set): the unit of the
 * Prometheus text format.
 *
 * @param name the metric name, already valid for Prometheus
 * @param help one line of description
 * @param type counter or gauge
 * @param samples the time series, each with its labels and current value
 */
public record MetricFamily(String name, String help, Type type, List<Sample> samples) {

  /** Prometheus metric types this project exports. */
  public enum Type {
    COUNTER,
    GAUGE
  }

  /**
   * One time series.
   *
   * @param labels label names (valid for Prometheus) to values, in output order
   * @param value current value; NaN and infinities are allowed
   */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  public MetricFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    help = help == null ? "" : help;
    samples = List.copyOf(samples);
  }
}
