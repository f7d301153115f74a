package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmptyStoreDirectoriesTest {
  @TempDir Path appDir;

  @Test
  void shouldRemoveOnlyTheEmptyDirectoriesInsideTaskDirectories() throws Exception {
    Path emptyWindowStore = Files.createDirectories(appDir.resolve("0_2/dedupe-sightings-store"));
    Path segment =
        Files.createDirectories(
            appDir.resolve("0_1/dedupe-sightings-store/dedupe-sightings-store.1792368000000"));
    Files.writeString(segment.resolve("CURRENT"), "MANIFEST-000005\n");
    Path emptySegment =
        Files.createDirectories(
            appDir.resolve("0_0/dedupe-sightings-store/dedupe-sightings-store.1792368000000"));
    Path keyValueStore = Files.createDirectories(appDir.resolve("2_0/rocksdb/trending-store"));
    Files.writeString(keyValueStore.resolve("CURRENT"), "MANIFEST-000005\n");
    Path emptyTask = Files.createDirectories(appDir.resolve("1_0"));
    Path notATask = Files.createDirectories(appDir.resolve("global/empty"));

    assertThat(EmptyStoreDirectories.remove(appDir))
        .containsExactlyInAnyOrder(emptyWindowStore, emptySegment, emptySegment.getParent());

    assertThat(emptyWindowStore).doesNotExist();
    assertThat(emptySegment.getParent()).doesNotExist();
    assertThat(appDir.resolve("0_0")).as("the task directory itself").isDirectory();
    assertThat(segment.resolve("CURRENT")).exists();
    assertThat(keyValueStore.resolve("CURRENT")).exists();
    assertThat(emptyTask).isDirectory();
    assertThat(notATask).isDirectory();
  }

  @Test
  void shouldRemoveNothingFromAnAppDirectoryWithoutTasks() throws Exception {
    assertThat(EmptyStoreDirectories.remove(appDir.resolve("never-started"))).isEmpty();
    Files.createDirectories(appDir.resolve("global/rocksdb"));
    assertThat(EmptyStoreDirectories.remove(appDir)).isEmpty();
    assertThat(appDir.resolve("global/rocksdb")).isDirectory();
  }

  @Test
  void shouldRefuseAStateDirectoryARunningInstanceHolds() throws Exception {
    Path emptyStore = Files.createDirectories(appDir.resolve("0_2/dedupe-sightings-store"));
    try (FileChannel channel =
            FileChannel.open(
                appDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      assertThatThrownBy(() -> EmptyStoreDirectories.remove(appDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
    }
    assertThat(emptyStore).isDirectory();
  }
}
