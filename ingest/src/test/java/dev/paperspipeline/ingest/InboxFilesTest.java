package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxFilesTest {
  @TempDir Path dir;

  @Test
  void shouldClassifyEveryKindOfEntryWithoutFollowingOrOpeningIt() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path outside = Files.writeString(dir.resolve("outside.txt"), "secret");
    Path hardTarget = Files.writeString(dir.resolve("hard-target.txt"), "secret");
    Files.writeString(inbox.resolve("good.txt"), "x");
    Files.createSymbolicLink(inbox.resolve("link.txt"), outside);
    Files.createSymbolicLink(inbox.resolve("dir-link"), dir);
    Files.createLink(inbox.resolve("hard.txt"), hardTarget);
    Files.createDirectories(inbox.resolve("sub"));
    Files.writeString(inbox.resolve("..data"), "x");
    Files.writeString(inbox.resolve("w.txt.part"), "x");
    mkfifo(inbox.resolve("pipe.txt"));

    assertThat(kind(inbox, "good.txt")).isEqualTo(InboxFiles.Kind.REGULAR);
    assertThat(kind(inbox, "link.txt")).isEqualTo(InboxFiles.Kind.SYMLINK);
    assertThat(kind(inbox, "dir-link")).isEqualTo(InboxFiles.Kind.SYMLINK);
    assertThat(kind(inbox, "hard.txt")).isEqualTo(InboxFiles.Kind.HARD_LINK);
    assertThat(kind(inbox, "sub")).isEqualTo(InboxFiles.Kind.DIRECTORY);
    assertThat(kind(inbox, "..data")).isEqualTo(InboxFiles.Kind.DOT_DOT);
    assertThat(kind(inbox, "w.txt.part")).isEqualTo(InboxFiles.Kind.TEMPORARY);
    assertThat(kind(inbox, "pipe.txt")).isEqualTo(InboxFiles.Kind.SPECIAL);
    assertThat(kind(inbox, "gone.txt")).isEqualTo(InboxFiles.Kind.GONE);

    // papers ingest DIR: the same rule; only the regular file is listed.
    assertThat(BatchIngest.expand(List.of(inbox))).containsExactly(inbox.resolve("good.txt"));
    // A FIFO named explicitly is refused, never opened (opening would block).
    assertThatThrownBy(() -> BatchIngest.expand(List.of(inbox.resolve("pipe.txt"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Not a regular file");
    assertThatThrownBy(() -> DigestFileParser.regularFileAttributes(inbox.resolve("link.txt")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldListTheDocumentedTemporaryNames() {
    for (String name :
        List.of(
            ".hidden.txt",
            "a.tmp",
            "a.TXT.PART",
            "a.partial",
            "a.crdownload",
            ".a.txt.swp",
            "a.txt~")) {
      assertThat(InboxFiles.isTemporaryName(name)).as(name).isTrue();
    }
    assertThat(InboxFiles.isTemporaryName("digest-2025-08-12.txt")).isFalse();
    assertThat(InboxFiles.TEMPORARY_NAMES_HELP)
        .isEqualTo(
            "names starting with '.' or ending in .tmp, .part, .partial, .crdownload, .swp, ~"
                + " (case-insensitive)");
  }

  @Test
  void shouldRefuseASecondLockOnTheSameInbox() throws Exception {
    Path inbox = dir.resolve("inbox");
    try (InboxLock first = InboxLock.acquire(inbox)) {
      assertThatThrownBy(() -> InboxLock.acquire(inbox))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Another ingester");
    }
    // Released on close: it can be taken again.
    InboxLock.acquire(inbox).close();
  }

  @Test
  void shouldDeriveTheTransactionalIdFromTheRealPath() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("real-inbox"));
    Path alias = Files.createSymbolicLink(dir.resolve("alias"), inbox);
    assertThat(IngestOptions.defaultTransactionalId(alias))
        .isEqualTo(IngestOptions.defaultTransactionalId(inbox));
    // Not created yet: the same id before and after it exists.
    String before = IngestOptions.defaultTransactionalId(alias.resolve("new"));
    Files.createDirectories(inbox.resolve("new"));
    assertThat(IngestOptions.defaultTransactionalId(inbox.resolve("new"))).isEqualTo(before);
  }

  private static InboxFiles.Kind kind(Path inbox, String name) throws IOException {
    return InboxFiles.classify(inbox.resolve(name)).kind();
  }

  private static void mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "no mkfifo");
  }
}
