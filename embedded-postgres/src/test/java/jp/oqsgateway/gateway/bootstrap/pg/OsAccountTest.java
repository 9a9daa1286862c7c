package jp.oqsgateway.gateway.bootstrap.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
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

  @Test
  void aTreeLeftByAnotherUserIsGivenWholeToTheAccountAndOneItHoldsIsLeftAsItIs() throws Exception {
    assumeTrue(OsAccount.runningAsRoot(), "giving files away needs root");
    Account nobody = OsAccount.lookUp("nobody");
    Path tree = Files.createDirectories(dir.resolve("data/base/1"));
    Files.writeString(tree.resolve("1259"), "relation");
    Files.createSymbolicLink(dir.resolve("data/link"), Path.of("/etc/hostname"));

    OsAccount.chownRecursively(dir.resolve("data"), nobody);

    for (Path p :
        List.of(dir.resolve("data"), tree, tree.resolve("1259"), dir.resolve("data/link"))) {
      assertThat(uid(p)).as(p.toString()).isEqualTo(nobody.uid());
    }
    assertThat(uid(Path.of("/etc/hostname"))).isZero();

    Files.setAttribute(tree.resolve("1259"), "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
    OsAccount.chownRecursively(dir.resolve("data"), nobody);
    assertThat(uid(tree.resolve("1259"))).isZero();
  }

  private static long uid(Path p) throws Exception {
    return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
  }
}
