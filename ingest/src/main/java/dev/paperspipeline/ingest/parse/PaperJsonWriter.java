package dev.paperspipeline.ingest.parse;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes papers as JSON Lines with the field names of the Avro {@code PaperEvent}: {@code paperId},
 * {@code title}, {@code abstractText}, {@code digestDate} (ISO-8601 date string, or {@code null}),
 * {@code digestDateSource} (or {@code null}), {@code lineage} ({@code fileName}, {@code
 * fileSha256}, {@code ordinal}, {@code lineNumber}) and {@code ingestedAt} (UTC epoch milliseconds,
 * as Avro's {@code timestamp-millis}).
 */
public final class PaperJsonWriter implements Closeable, Flushable {

  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonGenerator json;

  /** Writes UTF-8 to {@code out}; {@link #close()} does not close it. */
  public PaperJsonWriter(OutputStream out) throws IOException {
    json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    // Lines, not Jackson's default space between root values.
    json.setRootValueSeparator(null);
  }

  /** Writes to {@code out}; {@link #close()} does not close it. */
  public PaperJsonWriter(Writer out) throws IOException {
    json = FACTORY.createGenerator(out);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setRootValueSeparator(null);
  }

  /** Writes one paper as one line. */
  public void write(ParsedPaper p, Instant ingestedAt) throws IOException {
    json.writeStartObject();
    json.writeStringField("paperId", p.paperId());
    json.writeStringField("title", p.title());
    json.writeStringField("abstractText", p.abstractText());
    if (p.digestDate() == null) {
      json.writeNullField("digestDate");
    } else {
      json.writeStringField("digestDate", p.digestDate().toString());
    }
    json.writeStringField("digestDateSource", p.digestDateSource());
    json.writeObjectFieldStart("lineage");
    json.writeStringField("fileName", p.fileName());
    json.writeStringField("fileSha256", p.fileSha256());
    json.writeNumberField("ordinal", p.ordinal());
    json.writeNumberField("lineNumber", p.lineNumber());
    json.writeEndObject();
    json.writeNumberField("ingestedAt", ingestedAt.toEpochMilli());
    json.writeEndObject();
    json.writeRaw('\n');
  }

  @Override
  public void flush() throws IOException {
    json.flush();
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
