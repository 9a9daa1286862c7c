package jp.oqsgateway.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import jp.oqsgateway.vcard.pcscd.Pcscd;
import jp.oqsgateway.vcard.pcscd.PcscdUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole stack a reader agent will meet: javax.smartcardio → libpcsclite → pcscd → vpcd → this
 * virtual card. Skipped, with the reason, where pcscd cannot run (see Pcscd's class comment). Uses
 * vpcd's fixed port 35963 (reader "Virtual PCD 00 00"). The pcscd restart runs last: the JDK's
 * PC/SC provider of this JVM does not survive it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualCardThroughPcscdIT {
  private static final String READER = "Virtual PCD 00 00";
  private static final long WAIT_MS = 5_000;

  private static Pcscd pcscd;
  private static CardMaterial material;
  private static VirtualCard card;

  @BeforeAll
  static void startPcscdAndCard() {
    try {
      pcscd = Pcscd.start(Path.of(System.getProperty("oqsgw.pcscdWorkDir", "target/pcscd")));
    } catch (PcscdUnavailableException e) {
      // Surefire's report of a class skipped before its first test drops the reason: say it here
      // (./ops/test's list of skipped tests reads it from this class's output).
      System.err.println("skipped: pcscd cannot run here: " + e.getMessage());
      Assumptions.abort("pcscd cannot run here: " + e.getMessage());
    }
    System.out.println("pcscd " + pcscd.mode() + " on " + pcscd.socket());
    material = TestCards.newCa().newCard();
    card = VirtualCard.create(VirtualCard.VPCD_PORT, material);
  }

  @AfterAll
  static void stop() {
    if (card != null) {
      card.close();
    }
    if (pcscd != null) {
      pcscd.close();
    }
  }

  @Test
  @Order(1)
  void aReaderSeesTheCardReadsItVerifiesThePinAndChecksItsSignature() throws Exception {
    CardTerminal reader = TerminalFactory.getDefault().terminals().getTerminal(READER);
    assertThat(reader).as("reader " + READER).isNotNull();
    assertThat(reader.isCardPresent()).isFalse();

    card.insert();
    assertThat(reader.waitForCardPresent(WAIT_MS)).isTrue();
    Card c = reader.connect("*");
    CardChannel channel = c.getBasicChannel();
    List<Long> micros = new ArrayList<>();
    Jpki jpki =
        new Jpki(
            apdu -> {
              long t0 = System.nanoTime();
              try {
                return channel.transmit(new CommandAPDU(apdu)).getBytes();
              } catch (CardException e) {
                throw new IllegalStateException(e);
              } finally {
                micros.add((System.nanoTime() - t0) / 1_000);
              }
            });

    assertThat(jpki.selectAp()).isEqualTo(0x9000);
    assertThat(jpki.token()).isEqualTo("JPKIAPICCTOKEN2");
    assertThat(jpki.certificate(0x000A, 256)).isEqualTo(material.authCertificate());
    assertThat(jpki.pinQuery()).isEqualTo(0x63C3);
    assertThat(jpki.verify("1234")).isEqualTo(0x9000);
    byte[] message = "fictitious challenge".getBytes(StandardCharsets.UTF_8);
    byte[] r = jpki.sign(message);
    assertThat(Jpki.sw(r)).isEqualTo(0x9000);
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(material.authCertificate().getPublicKey());
    v.update(message);
    assertThat(v.verify(Jpki.data(r))).isTrue();
    c.disconnect(false);

    Collections.sort(micros);
    System.out.printf(
        "APDU round trips through pcscd: n=%d median=%.2f ms max=%.2f ms%n",
        micros.size(),
        micros.get(micros.size() / 2) / 1000.0,
        micros.get(micros.size() - 1) / 1000.0);

    long t0 = System.nanoTime();
    card.remove();
    assertThat(reader.waitForCardAbsent(WAIT_MS)).isTrue();
    long removed = System.nanoTime();
    card.insert();
    assertThat(reader.waitForCardPresent(WAIT_MS)).isTrue();
    System.out.printf(
        "removal seen after %d ms, insertion after %d ms%n",
        (removed - t0) / 1_000_000, (System.nanoTime() - removed) / 1_000_000);
  }

  @Test
  @Order(2)
  void theCardComesBackWhenPcscdRestarts() throws Exception {
    assertThat(pcscd.canRestart())
        .as(
            "the build points this test at a private pcscd socket under target/; a pcscd already"
                + " answering there is a leftover of an earlier run, not ours to restart: stop it")
        .isTrue();
    card.insert();
    await("card served by vpcd").atMost(Duration.ofSeconds(5)).until(() -> card.status().served());
    long before = card.status().connections();
    pcscd.restart();
    await("card connected to the new pcscd's vpcd and asked for its ATR")
        .atMost(Duration.ofSeconds(10))
        .until(() -> card.status().connections() > before && card.status().served());
  }
}
