package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateClusterGuardTest {
  @TempDir Path stateDir;

  @Test
  void shouldRecordTheClusterIdInANewStateDirectory() throws Exception {
    Path app = stateDir.resolve("app");
    StateClusterGuard.ensure(app, "cluster-a");
    assertThat(Files.readString(app.resolve(StateClusterGuard.CLUSTER_ID_FILE)).trim())
        .isEqualTo("cluster-a");
  }

  @Test
  void shouldKeepTheStateOfTheSameCluster() throws Exception {
    Path app = stateDir.resolve("app");
    StateClusterGuard.ensure(app, "cluster-a");
    Path store = Files.createDirectories(app.resolve("0_1").resolve("rocksdb"));
    StateClusterGuard.ensure(app, "cluster-a");
    assertThat(store).isDirectory();
  }

  @Test
  void shouldWipeTheStateOfAnotherClusterAndRecordTheNewId() throws Exception {
    Path app = stateDir.resolve("app");
    StateClusterGuard.ensure(app, "cluster-a");
    Path task = Files.createDirectories(app.resolve("0_1"));
    Files.writeString(task.resolve(".checkpoint"), "0\n1\npapers-raw 0 42\n");
    StateClusterGuard.ensure(app, "cluster-b");
    assertThat(task).doesNotExist();
    assertThat(Files.readString(app.resolve(StateClusterGuard.CLUSTER_ID_FILE)).trim())
        .isEqualTo("cluster-b");
  }

  @Test
  void shouldWipeStateThatRecordsNoCluster() throws Exception {
    Path app = stateDir.resolve("app");
    Path task = Files.createDirectories(app.resolve("1_0"));
    StateClusterGuard.ensure(app, "cluster-a");
    assertThat(task).doesNotExist();
    assertThat(Files.readString(app.resolve(StateClusterGuard.CLUSTER_ID_FILE)).trim())
        .isEqualTo("cluster-a");
  }
}
