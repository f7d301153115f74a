package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void shouldSanitizeMetricAndLabelNames() {
    assertThat(PrometheusText.sanitizeMetricName("kafka_producer_record-send-rate"))
        .isEqualTo("kafka_producer_record_send_rate");
    assertThat(PrometheusText.sanitizeMetricName("a..b//c:d")).isEqualTo("a_b_c:d");
    assertThat(PrometheusText.sanitizeMetricName("99-problems")).isEqualTo("_99_problems");
    assertThat(PrometheusText.sanitizeMetricName("")).isEqualTo("_");
    assertThat(PrometheusText.sanitizeLabelName("client-id")).isEqualTo("client_id");
    assertThat(PrometheusText.sanitizeLabelName("a:b")).isEqualTo("a_b");
    assertThat(PrometheusText.sanitizeLabelName("__reserved")).isEqualTo("_reserved");
    assertThat(PrometheusText.sanitizeLabelName("thread.id")).isEqualTo("thread_id");
  }

  @Test
  void shouldEscapeLabelValuesAndHelp() {
    assertThat(PrometheusText.escapeLabelValue("C:\\dir \"quoted\"\nnext"))
        .isEqualTo("C:\\\\dir \\\"quoted\\\"\\nnext");
    assertThat(PrometheusText.escapeHelp("a \\ b \"c\"\nd")).isEqualTo("a \\\\ b \"c\"\\nd");
  }

  @Test
  void shouldFormatSpecialAndIntegralValues() {
    assertThat(PrometheusText.formatValue(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.formatValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(PrometheusText.formatValue(42)).isEqualTo("42");
    assertThat(PrometheusText.formatValue(-3)).isEqualTo("-3");
    assertThat(PrometheusText.formatValue(0.25)).isEqualTo("0.25");
    assertThat(PrometheusText.formatValue(1e20)).isEqualTo("1.0E20");
  }

  @Test
  void shouldWriteHelpTypeAndOneLinePerSample() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("status", "done");
    labels.put("path", "a\"b");
    MetricFamily counter =
        new MetricFamily(
            "papers_files_ingested_total",
            "Files.\nSecond line",
            MetricFamily.Type.COUNTER,
            List.of(new MetricFamily.Sample(labels, 3)));
    MetricFamily gauge =
        new MetricFamily(
            "lag",
            "",
            MetricFamily.Type.GAUGE,
            List.of(new MetricFamily.Sample(Map.of(), Double.NaN)));

    String text = PrometheusText.format(List.of(counter, gauge));

    assertThat(text)
        .isEqualTo(
            "# HELP papers_files_ingested_total Files.\\nSecond line\n"
                + "# TYPE papers_files_ingested_total counter\n"
                + "papers_files_ingested_total{status=\"done\",path=\"a\\\"b\"} 3\n"
                + "# HELP lag \n"
                + "# TYPE lag gauge\n"
                + "lag NaN\n");
  }
}
