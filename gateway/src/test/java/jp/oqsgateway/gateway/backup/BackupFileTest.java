package jp.oqsgateway.gateway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup file's container: checksum, passphrase, and chunked encryption over several MiB. */
class BackupFileTest {
  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  @TempDir Path dir;

  @Test
  void aPayloadOfSeveralChunksComesBackWholeOnlyWithItsPassphrase() throws IOException {
    byte[] payload = payload(ChunkedGcm.CHUNK * 2 + 12345);
    Path file = write("several.bak", payload, Optional.of(PASSPHRASE));

    try (InputStream in = BackupFile.open(file, Optional.of(PASSPHRASE))) {
      assertThat(in.readAllBytes()).isEqualTo(payload);
    }
    assertThatThrownBy(() -> BackupFile.open(file, Optional.of("another passphrase".toCharArray())))
        .hasMessageContaining("wrong passphrase");
    assertThatThrownBy(() -> BackupFile.open(file, Optional.empty()))
        .hasMessageContaining("is encrypted");
  }

  @Test
  void aPayloadOfExactlyOneChunkAndAnEmptyOneRoundTrip() throws IOException {
    for (int size : new int[] {0, ChunkedGcm.CHUNK}) {
      byte[] payload = payload(size);
      Path file = write("size-" + size + ".bak", payload, Optional.of(PASSPHRASE));
      try (InputStream in = BackupFile.open(file, Optional.of(PASSPHRASE))) {
        assertThat(in.readAllBytes()).isEqualTo(payload);
      }
    }
  }

  @Test
  void aFileCutAfterAWholeChunkIsRefusedEvenWithItsChecksumRecomputed() throws IOException {
    Path file = write("cut.bak", payload(ChunkedGcm.CHUNK * 2 + 10), Optional.of(PASSPHRASE));
    byte[] bytes = Files.readAllBytes(file);
    int header = indexAfterSecondNewline(bytes);
    // Keep the header and the first sealed chunk only, then write a checksum that matches.
    byte[] cut = Arrays.copyOf(bytes, header + ChunkedGcm.CHUNK + 16);
    Path forged = dir.resolve("forged.bak");
    Files.write(forged, withChecksum(cut));

    assertThatThrownBy(
            () -> {
              try (InputStream in = BackupFile.open(forged, Optional.of(PASSPHRASE))) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("fails its authentication");
  }

  @Test
  void aPlainBackupIsCheckedByItsChecksum() throws IOException {
    byte[] payload = "rows".getBytes(StandardCharsets.UTF_8);
    Path file = write("plain.bak", payload, Optional.empty());
    try (InputStream in = BackupFile.open(file, Optional.empty())) {
      assertThat(in.readAllBytes()).isEqualTo(payload);
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 80] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> BackupFile.open(file, Optional.empty()))
        .hasMessageContaining("is damaged")
        .hasMessageContaining("SHA-256");
  }

  @Test
  void aBackupThatFailsHalfWayLeavesNoFile() throws IOException {
    Path file = dir.resolve("failed.bak");
    try (BackupFile.Sink out = BackupFile.create(file, Optional.of(PASSPHRASE))) {
      out.write(payload(1000));
      // no commit: the dump failed here
    }
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws IOException {
    Path file = Files.writeString(dir.resolve("taken.bak"), "earlier backup");
    assertThatThrownBy(() -> BackupFile.create(file, Optional.empty()))
        .hasMessageContaining("exists already");
    assertThat(Files.readString(file)).isEqualTo("earlier backup");
  }

  private Path write(String name, byte[] payload, Optional<char[]> passphrase) throws IOException {
    Path file = dir.resolve(name);
    try (BackupFile.Sink out = BackupFile.create(file, passphrase)) {
      out.write(payload);
      out.commit();
    }
    return file;
  }

  private static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static int indexAfterSecondNewline(byte[] bytes) {
    int newlines = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && ++newlines == 2) {
        return i + 1;
      }
    }
    throw new IllegalStateException("no header");
  }

  private static byte[] withChecksum(byte[] content) {
    try {
      String trailer =
          "SHA-256 "
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content))
              + "\n";
      byte[] t = trailer.getBytes(StandardCharsets.US_ASCII);
      byte[] all = Arrays.copyOf(content, content.length + t.length);
      System.arraycopy(t, 0, all, content.length, t.length);
      return all;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
