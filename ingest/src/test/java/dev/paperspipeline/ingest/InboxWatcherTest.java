package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxWatcherTest {
  @TempDir Path dir;

  @Test
  void shouldTreatHiddenAndPartialNamesAsTemporary() {
    assertThat(InboxWatcher.isTemporaryName(".digest.txt")).isTrue();
    assertThat(InboxWatcher.isTemporaryName("digest.txt.tmp")).isTrue();
    assertThat(InboxWatcher.isTemporaryName("digest.txt.PART")).isTrue();
    assertThat(InboxWatcher.isTemporaryName("digest.txt~")).isTrue();
    assertThat(InboxWatcher.isTemporaryName("digest.txt")).isFalse();
    assertThat(InboxWatcher.isTemporaryName("2024-08-12.md")).isFalse();
  }

  @Test
  void shouldNeverOverwriteWhenMovingIntoADirectoryThatHasTheName() throws Exception {
    Path done = dir.resolve("done");
    Path first = Files.writeString(dir.resolve("d.txt"), "one");
    assertThat(InboxWatcher.moveInto(first, done)).isEqualTo(done.resolve("d.txt"));
    Path second = Files.writeString(dir.resolve("d.txt"), "two");
    Path moved = InboxWatcher.moveInto(second, done);
    assertThat(moved).isEqualTo(done.resolve("d.txt.1"));
    assertThat(Files.readString(done.resolve("d.txt"))).isEqualTo("one");
    assertThat(Files.readString(moved)).isEqualTo("two");
  }

  @Test
  void shouldDeriveTheSameTransactionalIdForTheSameInboxOnly() {
    String a = IngestOptions.defaultTransactionalId(dir.resolve("inbox"));
    assertThat(a).startsWith(IngestOptions.TRANSACTIONAL_ID_PREFIX);
    assertThat(IngestOptions.defaultTransactionalId(dir.resolve("inbox/./"))).isEqualTo(a);
    assertThat(IngestOptions.defaultTransactionalId(dir.resolve("other"))).isNotEqualTo(a);
  }
}
