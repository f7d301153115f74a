package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Applying stored versions whose ids and versions their writers chose (Confluent's records). */
class RegistryStateReplayTest {
  private static final Schema A = Fixtures.record("A");
  private static final Schema B = Fixtures.record("B");

  @Test
  void shouldKeepTheFirstRecordForAContestedVersionOrId() {
    RegistryState state = new RegistryState();
    assertThat(state.applyVersion("s", 1, 5, A, false)).isInstanceOf(RegisteredSchema.class);

    Object sameVersion = state.applyVersion("s", 1, 6, B, false);
    assertThat(sameVersion)
        .isEqualTo(
            new RegistryState.Conflict("subject s version 1 already holds another schema", true));
    Object sameId = state.applyVersion("t", 1, 5, B, false);
    assertThat(sameId)
        .isEqualTo(
            new RegistryState.Conflict("schema id 5 already belongs to another schema", false));

    assertThat(state.version("s", "1").id()).isEqualTo(5);
    assertThat(state.subjects(true)).containsExactly("s");
    assertThat(state.plan("t", RegistryState.canonical(B)))
        .isEqualTo(new RegistryState.Planned(1, 6));
    assertThat(state.plan("s", RegistryState.canonical(A)))
        .isEqualTo(new RegistryState.Planned(2, 5));
  }

  @Test
  void shouldSoftDeleteTombstoneAndForgetOrphanedIds() {
    RegistryState state = new RegistryState();
    state.applyVersion("s", 1, 1, A, false);
    state.applyVersion("s", 2, 2, B, false);
    state.applyVersion("t", 1, 1, A, false);

    assertThat(state.checkDelete("s", false)).containsExactly(1, 2);
    assertThat(state.softDeleteUpTo("s", 2)).containsExactly(1, 2);
    assertThatThrownBy(() -> state.checkDelete("s", false))
        .hasMessageContaining("was soft deleted");
    assertThat(state.checkDelete("s", true)).containsExactly(1, 2);

    state.removeVersion("s", 2);
    state.removeVersion("s", 1);
    assertThat(state.subjects(true)).containsExactly("t");
    assertThat(state.schemaById(1)).isEqualTo(A); // still used by t
    assertThatThrownBy(() -> state.schemaById(2)).hasMessageContaining("Schema 2 not found");
    // The largest id stays taken, as Confluent's id generator keeps it.
    state.reserveId(9);
    assertThat(state.plan("u", RegistryState.canonical(B)).id()).isEqualTo(10);
  }
}
