package dev.paperspipeline.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka client and Streams metrics as Prometheus gauges. A metric {@code record-send-rate} of group
 * {@code producer-metrics} with tag {@code client-id} under prefix {@code kafka_producer} becomes
 * {@code kafka_producer_producer_record_send_rate{client_id="..."}}: prefix, group without its
 * {@code -metrics} suffix, name, all sanitized; tags become labels (sorted by name). Metrics whose
 * value is not a number (versions, commit ids, states) are left out.
 */
public final class KafkaMetricsExport {
  private static final String GROUP_SUFFIX = "-metrics";

  private KafkaMetricsExport() {}

  /** The Prometheus name of a Kafka metric under {@code prefix}. */
  public static String familyName(String prefix, MetricName name) {
    String group = name.group();
    if (group.endsWith(GROUP_SUFFIX)) {
      group = group.substring(0, group.length() - GROUP_SUFFIX.length());
    }
    return PrometheusText.sanitizeMetricName(prefix + "_" + group + "_" + name.name());
  }

  /**
   * Adds the numeric metrics of {@code metrics} to {@code families} (keyed by family name). A
   * sample whose family already has one with the same labels is dropped, so the output never
   * repeats a series.
   */
  public static void collect(
      String prefix,
      Map<MetricName, ? extends Metric> metrics,
      Map<String, MetricFamilyBuilder> families) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      Object value;
      try {
        value = e.getValue().metricValue();
      } catch (RuntimeException ex) {
        // A metric of a closing client may fail to compute: skip it for this scrape.
        continue;
      }
      if (!(value instanceof Number number)) {
        continue;
      }
      MetricName name = e.getKey();
      String family = familyName(prefix, name);
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, String> tag : new TreeMap<>(name.tags()).entrySet()) {
        labels.putIfAbsent(PrometheusText.sanitizeLabelName(tag.getKey()), tag.getValue());
      }
      families
          .computeIfAbsent(
              family,
              f ->
                  new MetricFamilyBuilder(
                      f,
                      name.description() == null || name.description().isBlank()
                          ? name.group() + " " + name.name()
                          : name.description(),
                      MetricFamily.Type.GAUGE))
          .add(labels, number.doubleValue());
    }
  }

  /** Collects the samples of one family, dropping repeated label sets. */
  public static final class MetricFamilyBuilder {
    private final String name;
    private final String help;
    private final MetricFamily.Type type;
    private final Map<Map<String, String>, MetricFamily.Sample> samples = new LinkedHashMap<>();

    MetricFamilyBuilder(String name, String help, MetricFamily.Type type) {
      this.name = name;
      this.help = help;
      this.type = type;
    }

    void add(Map<String, String> labels, double value) {
      samples.putIfAbsent(labels, new MetricFamily.Sample(labels, value));
    }

    MetricFamily build() {
      return new MetricFamily(name, help, type, new ArrayList<>(samples.values()));
    }
  }

  /** Convenience for tests and one-off use: the families of one metrics map, sorted by name. */
  public static List<MetricFamily> families(String prefix, Map<MetricName, ? extends Metric> m) {
    Map<String, MetricFamilyBuilder> builders = new TreeMap<>();
    collect(prefix, m, builders);
    return builders.values().stream().map(MetricFamilyBuilder::build).toList();
  }
}
