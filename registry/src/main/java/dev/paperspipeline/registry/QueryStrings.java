package dev.paperspipeline.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses URL query strings for the project's small JDK HTTP servers. */
public final class QueryStrings {
  private QueryStrings() {}

  /**
   * The decoded parameters of a raw query ({@code a=1&b=x%20y}), in order; a parameter without
   * {@code =} maps to the empty string, a repeated one keeps its last value. Null or empty gives an
   * empty map.
   */
  public static Map<String, String> parse(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
