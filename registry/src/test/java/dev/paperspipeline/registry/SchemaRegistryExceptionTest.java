package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class SchemaRegistryExceptionTest {
  @Test
  void shouldGiveReasonsWithoutJavaClassNames() {
    assertThat(
            SchemaRegistryException.reason(
                new ExecutionException(new RecordTooLargeException("The message is 5 bytes"))))
        .isEqualTo("The message is 5 bytes");
    assertThat(
            SchemaRegistryException.reason(
                new IllegalStateException(
                    "wrapped",
                    new NullPointerException(
                        "Cannot invoke \"com.fasterxml.jackson.databind.JsonNode.asText()\""))))
        .isEqualTo("no details");
    assertThat(SchemaRegistryException.reason(new RuntimeException())).isEqualTo("no details");
    // An Avro full name is the client's own schema name, not a Java class.
    assertThat(
            SchemaRegistryException.reason(new RuntimeException("Can't redefine: com.example.Rec")))
        .isEqualTo("Can't redefine: com.example.Rec");
  }
}
