package jp.oqsgateway.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardMaterialTest {
  private static TestCards ca;
  private static CardMaterial card;

  @TempDir Path dir;

  @BeforeAll
  static void issue() {
    ca = TestCards.newCa();
    card = ca.newCard();
  }

  @Test
  void aFolderOfPemFilesLoads() throws Exception {
    CardMaterial m = CardMaterial.load(TestCards.writePemFolder(card, dir.resolve("card")), null);
    assertSame(m);
  }

  @Test
  void theSimulatorCasPerPersonFileLoadsWithItsCa() throws Exception {
    Path file = TestCards.writeSimulatorLayout(card, dir.resolve("ca"), "P-0001");
    assertSame(CardMaterial.load(file, null));
  }

  @Test
  void aPkcs12FileLoadsItsAuthEntryAndChain() throws Exception {
    char[] pw = "test-only".toCharArray();
    Path file = TestCards.writePkcs12(card, dir.resolve("card.p12"), pw);
    assertSame(CardMaterial.load(file, pw));
  }

  @Test
  void aKeyOfAnotherCardIsRefused() throws Exception {
    Path folder = TestCards.writePemFolder(card, dir.resolve("mixed"));
    Path other = TestCards.writePemFolder(ca.newCard(), dir.resolve("other"));
    Files.copy(
        other.resolve("key.pem"),
        folder.resolve("key.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> CardMaterial.load(folder, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void aFolderWithoutCertificateSaysWhatIsMissing() {
    assertThatThrownBy(() -> CardMaterial.load(dir, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cert.pem");
  }

  private static void assertSame(CardMaterial m) {
    assertThat(m.authCertificate()).isEqualTo(card.authCertificate());
    assertThat(m.authKey().getEncoded()).isEqualTo(card.authKey().getEncoded());
    assertThat(m.caCertificate()).contains(ca.caCertificate());
  }
}
