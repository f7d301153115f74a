package dev.paperspipeline.streams;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the pipeline's topics (keys are strings everywhere). The app builds them with
 * the schema-registry Avro serde; tests may pass any serde.
 */
public record PipelineSerdes(
    Serde<PaperEvent> paperEvent,
    Serde<UniquePaper> uniquePaper,
    Serde<EnrichedPaper> enrichedPaper,
    Serde<TopicTrend> topicTrend,
    Serde<TrendingTopics> trendingTopics,
    Serde<DeadLetter> deadLetter) {}
