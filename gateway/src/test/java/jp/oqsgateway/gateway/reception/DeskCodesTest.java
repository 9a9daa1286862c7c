package jp.oqsgateway.gateway.reception;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import jp.oqsgateway.gateway.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oqsgw desk add|remove|list} and the hashed codes file it keeps. */
class DeskCodesTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int desk(String... args) {
    out.reset();
    err.reset();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    ReceptionConfig config =
        new ReceptionConfig(Duration.ofHours(10), dir.resolve("keys/reception/desk-codes"));
    return Cli.run(new DeskCommand(() -> config, o, e), args, o, e);
  }

  @Test
  void addingADeskPrintsItsCodeOnceAndKeepsOnlyAHashInAnOwnerOnlyFile() throws Exception {
    assertThat(desk("add", "uketsuke-1")).isZero();
    String code = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(code).hasSize(12).matches("[2-9a-z]+");
    Path file = dir.resolve("keys/reception/desk-codes");
    String stored = Files.readString(file);
    assertThat(stored).contains("uketsuke-1 pbkdf2-sha256:").doesNotContain(code);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");

    DeskCodes codes = new DeskCodes(file);
    assertThat(codes.matches("uketsuke-1", code)).isTrue();
    assertThat(codes.matches("uketsuke-1", code + "x")).isFalse();
    assertThat(codes.matches("uketsuke-2", code)).isFalse();
  }

  @Test
  void addingADeskAgainReplacesItsCodeAndRemovingItEndsItsSignIns() {
    assertThat(desk("add", "uketsuke-1")).isZero();
    String old = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(desk("add", "uketsuke-2")).isZero();
    assertThat(desk("add", "uketsuke-1")).isZero();
    String renewed = out.toString(StandardCharsets.UTF_8).strip();
    DeskCodes codes = new DeskCodes(dir.resolve("keys/reception/desk-codes"));
    assertThat(codes.matches("uketsuke-1", old)).isFalse();
    assertThat(codes.matches("uketsuke-1", renewed)).isTrue();

    assertThat(desk("list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("uketsuke-1", "uketsuke-2");
    assertThat(desk("remove", "uketsuke-1")).isZero();
    assertThat(codes.matches("uketsuke-1", renewed)).isFalse();
    assertThat(desk("list")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("uketsuke-2");
  }

  @Test
  void aDeskIdOutsideTheDeskRuleIsAUsageError() {
    assertThat(desk("add", "受付 1")).isEqualTo(Cli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("DESK must be 1 to 40");
    assertThat(desk()).isEqualTo(Cli.USAGE);
  }

  @Test
  void anUnknownDeskIsRefusedAfterADerivationAsCostlyAsAWrongCodes() {
    DeskCodes codes = new DeskCodes(dir.resolve("keys/reception/desk-codes"));
    codes.add("uketsuke-1");

    assertThat(codes.matches("uketsuke-9", "23456789abcd")).isFalse();
    assertThat(codes.matches("uketsuke-1", "23456789abcd")).isFalse();
    // The unknown desk is checked against a decoy line: same scheme, iterations, salt and hash
    // sizes.
    String[] decoy = DeskCodes.DECOY.split(":");
    String[] stored = DeskCodes.hash("23456789abcd").split(":");
    assertThat(decoy).hasSize(4);
    assertThat(decoy[0]).isEqualTo(stored[0]);
    assertThat(decoy[1]).isEqualTo(stored[1]);
    assertThat(Base64.getDecoder().decode(decoy[2]))
        .hasSameSizeAs(Base64.getDecoder().decode(stored[2]));
    assertThat(Base64.getDecoder().decode(decoy[3]))
        .hasSameSizeAs(Base64.getDecoder().decode(stored[3]));
  }
}
