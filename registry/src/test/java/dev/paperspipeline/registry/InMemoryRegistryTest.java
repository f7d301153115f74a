package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registry rules, through the in-memory client (the server shares {@link RegistryState}). */
class InMemoryRegistryTest {
  private final String scope = "rules-" + UUID.randomUUID();
  private final SchemaRegistryClient registry =
      SchemaRegistryClients.create("mock://" + scope, Map.of());

  private static final Schema V1 = Fixtures.record("R");
  private static final Schema V2_DEFAULTED =
      Fixtures.record("R", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
  private static final Schema V2_REQUIRED =
      Fixtures.record("R", "{\"name\":\"b\",\"type\":\"int\"}");

  @AfterEach
  void drop() {
    SchemaRegistryClients.dropScope(scope);
  }

  @Test
  void shouldAssignIdsAndVersionsAndReuseIdsAcrossSubjects() {
    int id1 = registry.register("s-value", V1);
    int id2 = registry.register("s-value", V2_DEFAULTED);

    assertThat(registry.register("s-value", V1)).isEqualTo(id1);
    assertThat(registry.register("other-value", V2_DEFAULTED)).isEqualTo(id2);
    assertThat(id2).isEqualTo(id1 + 1);
    assertThat(registry.versions("s-value")).containsExactly(1, 2);
    assertThat(registry.versions("other-value")).containsExactly(1);
    assertThat(registry.latest("s-value"))
        .isEqualTo(new RegisteredSchema("s-value", 2, id2, V2_DEFAULTED));
    assertThat(registry.version("s-value", 1).schema()).isEqualTo(V1);
    assertThat(registry.schemaById(id1)).isEqualTo(V1);
    assertThat(registry.subjects()).containsExactly("other-value", "s-value");
  }

  @Test
  void shouldShareStateWithinAScopeOnly() {
    registry.register("s-value", V1);
    assertThat(SchemaRegistryClients.create("mock://" + scope, null).subjects())
        .containsExactly("s-value");
    assertThat(SchemaRegistryClients.create("mock://" + scope + "-other", null).subjects())
        .isEmpty();
    SchemaRegistryClients.dropScope(scope + "-other");
  }

  @Test
  void shouldAnswerConfluentErrorCodes() {
    registry.register("s-value", V1);
    assertThatThrownBy(() -> registry.latest("missing"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40401);
              assertThat(e.isNotFound()).isTrue();
            });
    assertThatThrownBy(() -> registry.version("s-value", 9))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    assertThatThrownBy(() -> registry.schemaById(999))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> registry.lookupId("s-value", V2_DEFAULTED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> registry.setCompatibility(null, "SIDEWAYS"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.errorCode()).isEqualTo(42203);
            });
    assertThatThrownBy(() -> RegistryState.parse("{\"type\":\"record\",\"name\":\"X\"}"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.errorCode()).isEqualTo(42201);
            });
  }

  @Test
  void shouldRejectBackwardIncompatibleSchemaByDefault() {
    registry.register("s-value", V1);

    assertThat(registry.compatibility(null)).isEqualTo("BACKWARD");
    assertThat(registry.testCompatibility("s-value", V2_REQUIRED)).isFalse();
    assertThat(registry.testCompatibility("s-value", V2_DEFAULTED)).isTrue();
    assertThat(registry.testCompatibility("new-subject", V2_REQUIRED)).isTrue();
    assertThatThrownBy(() -> registry.register("s-value", V2_REQUIRED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
              assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "b");
            });

    registry.setCompatibility("s-value", "NONE");
    assertThat(registry.compatibility("s-value")).isEqualTo("NONE");
    assertThat(registry.compatibility(null)).isEqualTo("BACKWARD");
    assertThat(registry.register("s-value", V2_REQUIRED)).isPositive();
  }

  @Test
  void shouldCheckForwardAndTransitiveLevels() {
    Schema withC = Fixtures.record("R", "{\"name\":\"c\",\"type\":\"int\"}");
    registry.setCompatibility("f-value", "FORWARD");
    registry.register("f-value", V1);
    // Forward: the old schema reads new data; adding a required field is fine, removing a
    // required one is not.
    assertThat(registry.testCompatibility("f-value", V2_REQUIRED)).isTrue();
    registry.register("f-value", V2_REQUIRED);
    assertThat(registry.testCompatibility("f-value", V1)).isFalse();

    registry.setCompatibility("t-value", "BACKWARD");
    registry.register("t-value", V1);
    registry.setCompatibility("t-value", "NONE");
    registry.register("t-value", withC);
    // Against the latest (withC) alone, V2_DEFAULTED can read it; against all, it can also read V1.
    registry.setCompatibility("t-value", "BACKWARD");
    assertThat(registry.testCompatibility("t-value", V2_DEFAULTED)).isTrue();
    registry.setCompatibility("t-value", "FULL_TRANSITIVE");
    Schema requiresC =
        Fixtures.record(
            "R",
            "{\"name\":\"c\",\"type\":\"int\"}",
            "{\"name\":\"d\",\"type\":\"int\",\"default\":1}");
    assertThat(registry.testCompatibility("t-value", requiresC)).isFalse();
    registry.setCompatibility("t-value", "FULL");
    assertThat(registry.testCompatibility("t-value", requiresC)).isTrue();
  }

  @Test
  void shouldSoftDeleteSubjectsAndKeepIdsResolvable() {
    int id = registry.register("s-value", V1);
    registry.register("s-value", V2_DEFAULTED);

    assertThat(registry.deleteSubject("s-value")).containsExactly(1, 2);

    assertThat(registry.subjects()).isEmpty();
    assertThat(registry.schemaById(id)).isEqualTo(V1);
    assertThatThrownBy(() -> registry.latest("s-value"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThatThrownBy(() -> registry.deleteSubject("s-value"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40404));
    assertThat(registry.register("s-value", V1)).isEqualTo(id);
    assertThat(registry.versions("s-value")).containsExactly(3);
  }
}
