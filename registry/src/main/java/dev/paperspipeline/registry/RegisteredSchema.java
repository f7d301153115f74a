package dev.paperspipeline.registry;

import org.apache.avro.Schema;

/**
 * One version of a subject.
 *
 * @param subject the subject, e.g. {@code papers-raw-value}
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id written into every record's header
 * @param schema the parsed schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
