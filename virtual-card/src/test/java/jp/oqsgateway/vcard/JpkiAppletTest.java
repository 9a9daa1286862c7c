package jp.oqsgateway.vcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JpkiAppletTest {
  private static CardMaterial material;

  private JpkiApplet applet;
  private Jpki jpki;

  @BeforeAll
  static void issueCard() {
    material = TestCards.newCa().newCard();
  }

  @BeforeEach
  void insertCard() {
    applet = new JpkiApplet(material, "1234", 3);
    applet.powerOn();
    jpki = new Jpki(applet::transmit);
  }

  @Test
  void theTokenSaysMyNumberCard() {
    assertThat(jpki.selectAp()).isEqualTo(0x9000);
    assertThat(jpki.selectEf(0x0006)).isEqualTo(0x9000);
    byte[] r = jpki.send("00B0000020");
    assertThat(Jpki.sw(r)).isEqualTo(0x9000);
    assertThat(Jpki.data(r)).hasSize(32);
    assertThat(new String(Jpki.data(r), StandardCharsets.US_ASCII))
        .isEqualTo("JPKIAPICCTOKEN2                 ");
  }

  @Test
  void theAuthenticationCertificateReadInChunksIsTheLoadedOne() throws Exception {
    jpki.selectAp();
    assertThat(jpki.certificate(0x000A, 100)).isEqualTo(material.authCertificate());
    assertThat(jpki.certificate(0x000A, 256)).isEqualTo(material.authCertificate());
    assertThat(jpki.certificate(0x000B, 256)).isEqualTo(material.caCertificate().orElseThrow());
  }

  @Test
  void readingPastTheEndReturnsWhatRemainsAndBeyondTheEndIsRefused() throws Exception {
    jpki.selectAp();
    jpki.selectEf(0x000A);
    int length = material.authCertificate().getEncoded().length;
    byte[] tail = jpki.send(String.format("00B0%04X00", length - 10));
    assertThat(Jpki.sw(tail)).isEqualTo(0x9000);
    assertThat(Jpki.data(tail)).hasSize(10);
    assertThat(Jpki.sw(jpki.send(String.format("00B0%04X01", length)))).isEqualTo(0x6B00);
  }

  @Test
  void theSignatureCertificateNeedsThePasswordThatIsNotEmulated() {
    jpki.selectAp();
    assertThat(jpki.selectEf(0x0001)).isEqualTo(0x9000);
    assertThat(Jpki.sw(jpki.send("00B0000004"))).isEqualTo(0x6982);
  }

  @Test
  void unknownApplicationsAndFilesAreNotFound() {
    assertThat(Jpki.sw(jpki.send("00A4040C0AD392F000260100000099"))).isEqualTo(0x6A82);
    assertThat(jpki.selectEf(0x000A)).as("EF without the JPKI AP").isEqualTo(0x6A82);
    assertThat(Jpki.sw(jpki.send("00A4040C0AD3921000310001010408")))
        .as("券面事項入力補助AP")
        .isEqualTo(0x9000);
    assertThat(jpki.selectEf(0x000A)).as("EF of another AP").isEqualTo(0x6A82);
    jpki.selectAp();
    assertThat(jpki.selectEf(0x1234)).isEqualTo(0x6A82);
  }

  @Test
  void wrongClassInstructionAndLengthsAreRefused() {
    assertThat(Jpki.sw(jpki.send("A0A4040C0AD392F000260100000001"))).isEqualTo(0x6E00);
    assertThat(Jpki.sw(jpki.send("00CA000000"))).isEqualTo(0x6D00);
    assertThat(Jpki.sw(jpki.send("002A0080020102"))).as("signature with CLA 00").isEqualTo(0x6E00);
    assertThat(Jpki.sw(jpki.send("00A4040C0BD392F000260100000001"))).isEqualTo(0x6700);
    assertThat(Jpki.sw(jpki.send("00A4"))).isEqualTo(0x6700);
    jpki.selectAp();
    assertThat(Jpki.sw(jpki.send("002000800331323334"))).as("3-byte Lc, 4 bytes").isEqualTo(0x6700);
    assertThat(applet.pinTriesLeft()).isEqualTo(3);
  }

  @Test
  void wrongPinsCountDownToBlockedAndThenEvenTheRightPinIsRefused() {
    jpki.selectAp();
    assertThat(jpki.pinQuery()).isEqualTo(0x63C3);
    assertThat(jpki.verify("0000")).isEqualTo(0x63C2);
    assertThat(jpki.pinQuery()).isEqualTo(0x63C2);
    assertThat(jpki.verify("0000")).isEqualTo(0x63C1);
    assertThat(jpki.verify("0000")).isEqualTo(0x63C0);
    assertThat(jpki.verify("1234")).isEqualTo(0x6983);
    assertThat(jpki.pinQuery()).isEqualTo(0x63C0);
    assertThat(applet.pinTriesLeft()).isZero();
    assertThat(Jpki.sw(sign())).isEqualTo(0x6982);
  }

  @Test
  void theRightPinResetsTheCounterAndTheQueryStillAnswersTriesLeft() {
    jpki.selectAp();
    assertThat(jpki.verify("9999")).isEqualTo(0x63C2);
    assertThat(jpki.verify("1234")).isEqualTo(0x9000);
    assertThat(jpki.pinQuery()).isEqualTo(0x63C3);
    assertThat(applet.pinTriesLeft()).isEqualTo(3);
  }

  @Test
  void aCardCanArriveOneTryFromTheLock() {
    JpkiApplet nearLock = new JpkiApplet(material, "1234", 1);
    Jpki j = new Jpki(nearLock::transmit);
    j.selectAp();
    assertThat(j.pinQuery()).isEqualTo(0x63C1);
    assertThat(j.verify("1111")).isEqualTo(0x63C0);
    assertThat(j.verify("1234")).isEqualTo(0x6983);
  }

  @Test
  void signingWithoutThePinIsRefused() {
    jpki.selectAp();
    assertThat(Jpki.sw(sign())).isEqualTo(0x6982);
  }

  @Test
  void aSignatureAfterThePinVerifiesWithTheCertificatesKey() throws Exception {
    jpki.selectAp();
    assertThat(jpki.verify("1234")).isEqualTo(0x9000);
    byte[] message = "fictitious challenge".getBytes(StandardCharsets.UTF_8);
    byte[] r = jpki.sign(message);
    assertThat(Jpki.sw(r)).isEqualTo(0x9000);
    assertThat(Jpki.data(r)).hasSize(256);
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(material.authCertificate().getPublicKey());
    v.update(message);
    assertThat(v.verify(Jpki.data(r))).isTrue();
  }

  @Test
  void powerOffResetAndAnotherApplicationDropTheVerifiedPin() {
    for (Runnable drop :
        new Runnable[] {
          applet::powerOff, applet::reset, () -> jpki.send("00A4040C0AD3921000310001010402")
        }) {
      jpki.selectAp();
      assertThat(jpki.verify("1234")).isEqualTo(0x9000);
      drop.run();
      jpki.selectAp();
      assertThat(Jpki.sw(sign())).isEqualTo(0x6982);
    }
  }

  @Test
  void selectingTheKeyAfterThePinKeepsTheVerification() {
    jpki.selectAp();
    jpki.verify("1234");
    jpki.selectEf(0x000A);
    assertThat(Jpki.sw(sign())).isEqualTo(0x9000);
  }

  private byte[] sign() {
    try {
      return jpki.sign(new byte[] {1, 2, 3});
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
