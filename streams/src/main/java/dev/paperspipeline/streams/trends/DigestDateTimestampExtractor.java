package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.EnrichedPaper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of an enriched paper: its digest date at midnight UTC; the record timestamp when the
 * digest date is unknown (and the partition time when that is invalid too).
 */
public final class DigestDateTimestampExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof EnrichedPaper p && p.getDigestDate() != null) {
      return p.getDigestDate().toEpochDay() * TrendWindow.DAY_MS;
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
  }
}
