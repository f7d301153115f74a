package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringsTest {
  @Test
  void shouldDecodeParametersInOrder() {
    assertThat(QueryStrings.parse("subject=a%2Db&verbose=true&flag&x=1+2"))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("subject", "a-b"),
            org.assertj.core.api.Assertions.entry("verbose", "true"),
            org.assertj.core.api.Assertions.entry("flag", ""),
            org.assertj.core.api.Assertions.entry("x", "1 2"));
  }

  @Test
  void shouldGiveAnEmptyMapForNoQuery() {
    assertThat(QueryStrings.parse(null)).isEmpty();
    assertThat(QueryStrings.parse("")).isEmpty();
  }
}
