package jp.oqsgateway.gateway.bootstrap.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.oqsgateway.gateway.bootstrap.pg.OsAccount.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsAccountTest {
  @TempDir Path dir;

  @Test
  void aUserIsFoundInThePasswdFileByItsWholeNameWithItsIdsAndPrimaryGroup() throws Exception {
    Path passwd = dir.resolve("passwd");
    Files.write(
        passwd,
        List.of(
            "root:x:0:0:root:/root:/bin/bash",
            "oqsgw-pgtest:x:997:995::/nonexistent:/usr/sbin/nologin",
            "oqsgw-pg:broken",
            "oqsgw-pg:x:998:996::/nonexistent:/usr/sbin/nologin"));

    assertThat(OsAccount.entry(passwd, "oqsgw-pg")).contains(new Account("oqsgw-pg", 998, 996));
    assertThat(OsAccount.entry(passwd, "oqsgw")).isEmpty();
    assertThat(OsAccount.entry(dir.resolve("missing"), "root")).isEmpty();
  }

  @Test
  void theLookUpAgreesWithTheSystemsUserDatabase() throws Exception {
    Process id = new ProcessBuilder("id", "-u", "root").redirectErrorStream(true).start();
    long uid = Long.parseLong(new String(id.getInputStream().readAllBytes()).strip());

    assertThat(OsAccount.lookUp("root").uid()).isEqualTo(uid).isZero();
  }
}
