package dev.paperspipeline.streams.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Versioned JSON resources of the classpath (trained weights), read and written one way. */
final class JsonResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonResource() {}

  /** The classpath resource {@code resource} read as a {@code type}; {@code what} names it. */
  static <T> T read(String resource, Class<T> type, String what) {
    try (InputStream in = JsonResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(what + " resource not found: " + resource);
      }
      return JSON.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + resource, e);
    }
  }

  /** {@code value} as pretty-printed JSON, the format {@link #read} reads. */
  static String write(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
