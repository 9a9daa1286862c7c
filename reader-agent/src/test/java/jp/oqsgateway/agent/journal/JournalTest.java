package jp.oqsgateway.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agentprotocol.AgentEvent;
import jp.oqsgateway.agentprotocol.CardError;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardType;
import jp.oqsgateway.agentprotocol.ErrorKind;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private final Events.ForReader events = new Events("agent-1").forReader("reader-1", "desk-1");

  @TempDir Path dir;

  private CardInserted inserted() {
    return events.inserted(CardType.MYNUMBER, new byte[] {0x30, 0x00}, new byte[] {0x3B});
  }

  private ReaderStatus status() {
    return events.status(ReaderStatus.State.READY, "ready");
  }

  @Test
  void pendingEventsSurviveARestartInTheirOrderAndAcknowledgedOnesDoNot() throws IOException {
    List<AgentEvent> written = List.of(inserted(), status(), events.removed(), inserted());
    try (Journal j = Journal.open(dir, 100)) {
      for (AgentEvent e : written) {
        j.append(e);
      }
      j.acknowledge(written.get(1).eventId());
    }
    try (Journal j = Journal.open(dir, 100)) {
      assertThat(j.pending())
          .extracting(AgentEvent::eventId)
          .containsExactly(
              written.get(0).eventId(), written.get(2).eventId(), written.get(3).eventId());
      assertThat(j.pending().get(0).toJson()).isEqualTo(written.get(0).toJson());
    }
  }

  @Test
  void aHalfWrittenTailRecordIsIgnoredAndLaterAppendsAreKept() throws IOException {
    CardInserted first = inserted();
    try (Journal j = Journal.open(dir, 100)) {
      j.append(first);
    }
    Path file = dir.resolve(Journal.FILE);
    byte[] whole = Files.readAllBytes(file);
    try (Journal j = Journal.open(dir, 100)) {
      j.append(inserted());
    }
    // a crash in the middle of the second record: only part of it reached the disk
    byte[] torn = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(torn, whole.length + 20));

    CardError next = events.error(ErrorKind.UNREADABLE, OptionalInt.empty(), first.eventId());
    try (Journal j = Journal.open(dir, 100)) {
      assertThat(j.pending()).extracting(AgentEvent::eventId).containsExactly(first.eventId());
      j.append(next);
    }
    try (Journal j = Journal.open(dir, 100)) {
      assertThat(j.pending())
          .extracting(AgentEvent::eventId)
          .containsExactly(first.eventId(), next.eventId());
    }
  }

  @Test
  void aCorruptTailRecordIsIgnoredNotACrash() throws IOException {
    CardInserted first = inserted();
    try (Journal j = Journal.open(dir, 100)) {
      j.append(first);
      j.append(inserted());
    }
    Path file = dir.resolve(Journal.FILE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x55;
    Files.write(file, bytes);
    Files.write(file, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

    try (Journal j = Journal.open(dir, 100)) {
      assertThat(j.pending()).extracting(AgentEvent::eventId).containsExactly(first.eventId());
    }
  }

  @Test
  void aFullJournalDropsTheOldestReaderStatusFirstAndCountsTheDrops() throws IOException {
    try (Journal j = Journal.open(dir, 3)) {
      CardInserted a = inserted();
      ReaderStatus s1 = status();
      ReaderStatus s2 = status();
      j.append(a);
      j.append(s1);
      j.append(s2);
      CardInserted b = inserted();
      j.append(b);
      assertThat(j.pending())
          .extracting(AgentEvent::eventId)
          .containsExactly(a.eventId(), s2.eventId(), b.eventId());
      CardInserted c = inserted();
      j.append(c);
      CardInserted d = inserted();
      j.append(d);
      // no reader.status left: the oldest event goes
      assertThat(j.pending())
          .extracting(AgentEvent::eventId)
          .containsExactly(b.eventId(), c.eventId(), d.eventId());
      assertThat(j.dropped()).isEqualTo(3);
    }
    try (Journal j = Journal.open(dir, 3)) {
      assertThat(j.pending()).hasSize(3);
    }
  }

  @Test
  void anAppendedIdIsStoredOnceAndAnUnknownAcknowledgementIsIgnored() throws IOException {
    try (Journal j = Journal.open(dir, 10)) {
      CardInserted a = inserted();
      j.append(a);
      j.append(a);
      j.acknowledge(java.util.UUID.randomUUID());
      assertThat(j.pending()).hasSize(1);
    }
  }

  @Test
  void manyAcknowledgementsCompactTheFile() throws IOException {
    try (Journal j = Journal.open(dir, 10)) {
      for (int i = 0; i < 1_100; i++) {
        AgentEvent e = status();
        j.append(e);
        j.acknowledge(e.eventId());
      }
      CardInserted kept = inserted();
      j.append(kept);
      assertThat(Files.size(dir.resolve(Journal.FILE))).isLessThan(100_000);
      assertThat(j.pending()).extracting(AgentEvent::eventId).containsExactly(kept.eventId());
    }
  }

  @Test
  void theJournalOfCardReadingsIsReadableByTheAgentsUserOnly() throws IOException {
    Path journal = dir.resolve("buffer/journal");
    try (Journal j = Journal.open(journal, 100)) {
      j.append(inserted());
    }
    assertThat(Files.getPosixFilePermissions(journal))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(journal.resolve(Journal.FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aJournalLeftOpenToOthersByAnOlderVersionIsNarrowedOnOpen() throws IOException {
    try (Journal j = Journal.open(dir, 100)) {
      j.append(inserted());
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        dir.resolve(Journal.FILE), PosixFilePermissions.fromString("rw-r--r--"));

    try (Journal j = Journal.open(dir, 100)) {
      assertThat(j.pending()).hasSize(1);
    }

    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve(Journal.FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }
}
