package jp.oqsgateway.gateway.oqs.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Refused;
import jp.oqsgateway.gateway.oqs.link.ProcessedFileLog.Folder;
import jp.oqsgateway.gateway.oqs.link.StableFiles.ScanBudget;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scan of the terminal's share reads, on real files in a temporary folder: only names the
 * terminal writes, never through a symbolic link, never more than the scan's byte budget.
 */
class TerminalShareFilesTest {
  private static final int KIB = 1024;

  @TempDir Path root;
  private LinkConfig config;
  private LinkMetrics metrics;
  private StableFiles stable;
  private ProcessedFileLog processed;

  @BeforeEach
  void setUp() throws Exception {
    config = LinkHarness.testConfig(root, c -> c.withScanBudgetBytes(1024L * KIB));
    for (String f : List.of("req", "res", "face")) {
      Files.createDirectories(root.resolve(f));
    }
    metrics = new LinkMetrics(new SimpleMeterRegistry());
    processed = new ProcessedFileLog(null, null, config);
    stable = new StableFiles(config, processed, metrics, new OqsXmlReader());
  }

  private List<Seen> scan(Folder folder, ScanBudget budget) throws Exception {
    return stable.readChanged(folder, budget, java.util.Optional.empty(), true);
  }

  @Test
  void
      aHandledResultRewrittenInPlaceIsSkippedByARoutineListingAndReadByItsNotificationOrAThoroughOne()
          throws Exception {
    Path result = config.resDir().resolve("OQSsiquc01res_20250602000000000001.xml");
    Files.writeString(result, "<first/>");
    List<Seen> first = scan(Folder.RES, new ScanBudget(config.scanBudgetBytes()));
    assertThat(first).extracting(Seen::path).containsExactly(result);
    processed.settle(first.get(0));
    Path fresh = config.resDir().resolve("OQSsiquc01res_20250602000000000002.xml");
    Files.writeString(fresh, "<new/>");
    Files.writeString(result, "<rewritten/>");
    Files.setLastModifiedTime(result, FileTime.fromMillis(first.get(0).mtimeMillis() + 5_000));

    List<Seen> routine =
        stable.readChanged(
            Folder.RES, new ScanBudget(config.scanBudgetBytes()), Optional.empty(), false);
    List<Seen> notified =
        stable.readChanged(
            Folder.RES,
            new ScanBudget(config.scanBudgetBytes()),
            Optional.of(Set.of(result)),
            false);
    List<Seen> thorough =
        stable.readChanged(
            Folder.RES, new ScanBudget(config.scanBudgetBytes()), Optional.empty(), true);

    assertThat(routine).as("a new name only").extracting(Seen::path).containsExactly(fresh);
    assertThat(notified).extracting(Seen::path).containsExactly(result);
    assertThat(thorough).extracting(Seen::path).containsExactlyInAnyOrder(result, fresh);
  }

  @Test
  void aSymbolicLinkToASystemFileInResIsNeverReadAndCountedOnce() throws Exception {
    Path link = config.resDir().resolve("OQSsiquc01res_20250602000000000001.xml");
    Files.createSymbolicLink(link, Path.of("/etc/passwd"));
    Path faceLink = config.faceDir().resolve("OQSsiquc01res_face_2719876540abc_20250602101010.xml");
    Files.createSymbolicLink(faceLink, Path.of("/etc/passwd"));

    ScanBudget budget = new ScanBudget(config.scanBudgetBytes());
    List<Seen> res = scan(Folder.RES, budget);
    List<Seen> face = scan(Folder.FACE, budget);
    scan(Folder.RES, new ScanBudget(config.scanBudgetBytes()));

    assertThat(res).isEmpty();
    assertThat(face).isEmpty();
    assertThat(budget.used()).isZero();
    assertThat(metrics.refusedCount(Refused.SYMLINK)).as("once per link").isEqualTo(2);
    assertThat(LinkFiles.read(link, new LinkFiles.Stat(10, 0), 1024))
        .as("opened with O_NOFOLLOW")
        .isEmpty();
  }

  @Test
  void aFloodOfAThousandFilesIsReadWithinTheBudgetOfEachScanAndEveryFileInTurn() throws Exception {
    byte[] junk = new byte[16 * KIB];
    Arrays.fill(junk, (byte) 'x');
    for (int i = 0; i < 1000; i++) {
      String n = String.format("%020d", i);
      Files.write(config.resDir().resolve("OQSsiquc01res_" + n + ".xml"), junk);
      Files.write(config.resDir().resolve("junk-" + n + ".bin"), junk);
    }

    Set<String> read = new HashSet<>();
    int scans = 0;
    while (read.size() < 1000 && scans < 40) {
      ScanBudget budget = new ScanBudget(config.scanBudgetBytes());
      List<Seen> seen = scan(Folder.RES, budget);
      scans++;
      long bytes = seen.stream().mapToLong(s -> s.bytes().length).sum();
      assertThat(bytes).as("bytes held after scan %d", scans).isLessThanOrEqualTo(1024L * KIB);
      assertThat(seen).as("scan %d read something", scans).isNotEmpty();
      assertThat(budget.deferred()).isEqualTo(1000 - seen.size());
      seen.forEach(s -> read.add(s.name()));
    }

    assertThat(read).as("every result-named file, in turn").hasSize(1000);
    assertThat(scans).isEqualTo(1000 / 64 + 1);
    assertThat(read).noneMatch(n -> n.startsWith("junk-"));
    assertThat(metrics.refusedCount(Refused.UNKNOWN_NAME))
        .as("unknown names counted once while they stay, never opened")
        .isEqualTo(1000);
  }

  @Test
  void aSingleFileLargerThanTheBudgetIsStillReadWhenItIsTheFirstOfAScan() throws Exception {
    byte[] big = new byte[1024 * KIB - 1];
    Files.write(config.resDir().resolve("OQSsiquc01res_20250602000000000001.xml"), big);
    Files.write(config.resDir().resolve("OQSsiquc01res_20250602000000000002.xml"), big);

    ScanBudget first = new ScanBudget(512L * KIB);
    List<Seen> seen = scan(Folder.RES, first);
    List<Seen> next = scan(Folder.RES, new ScanBudget(512L * KIB));

    assertThat(seen)
        .extracting(Seen::name)
        .containsExactly("OQSsiquc01res_20250602000000000001.xml");
    assertThat(first.deferred()).isEqualTo(1);
    assertThat(next)
        .extracting(Seen::name)
        .containsExactly("OQSsiquc01res_20250602000000000002.xml");
  }

  @Test
  void anErrTextIsStrippedOfControlCharactersAndCutShort() {
    String text =
        "\u001b[2J\u001b]0;pwned\u0007受付エラー\r\nforged log line\u0000\u202e" + "x".repeat(10 * KIB);

    String err = ResultPayloads.errText(text.getBytes(StandardCharsets.UTF_8));

    assertThat(err).startsWith("[2J ]0;pwned 受付エラー forged log line x");
    assertThat(err.length()).isLessThanOrEqualTo(TerminalText.MAX_LENGTH);
    assertThat(err).endsWith("…");
    assertThat(err.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.CONTROL);
    assertThat(err.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.FORMAT);
  }
}
