package jp.oqsgateway.vcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vpcd wire protocol and insert/remove/reconnect, against a fake vpcd on a random port. */
class VirtualCardTest {
  private static final Duration LIMIT = Duration.ofSeconds(5);
  private static TestCards ca;
  private static CardMaterial material;

  private FakeVpcd vpcd;
  private VirtualCard card;

  @BeforeAll
  static void issue() {
    ca = TestCards.newCa();
    material = ca.newCard();
  }

  @BeforeEach
  void start() throws Exception {
    vpcd = new FakeVpcd();
    card = VirtualCard.create(vpcd.address(), material, "1234", 3);
  }

  @AfterEach
  void stop() throws Exception {
    card.close();
    vpcd.close();
  }

  @Test
  void anInsertedCardAnswersTheAtrAndApdusButNotPowerMessages() throws Exception {
    assertThat(card.status().inserted()).isFalse();
    card.insert();
    vpcd.acceptCard();
    vpcd.control(0x01); // power on: no answer, so the next frame is the ATR
    vpcd.control(0x02); // reset: no answer either
    assertThat(HexFormat.of().formatHex(vpcd.atr())).isEqualToIgnoringCase("3BE000FF8131FE4514");
    assertThat(vpcd.transmit(Jpki.SELECT_JPKI_AP)).containsExactly(0x90, 0x00);
    await("served and powered")
        .atMost(LIMIT)
        .until(() -> card.status().served() && card.status().powered());
    CardStatus s = card.status();
    assertThat(s.inserted()).isTrue();
    assertThat(s.connected()).isTrue();
    assertThat(s.apdus()).isEqualTo(1);
    assertThat(s.pinTriesLeft()).isEqualTo(3);
  }

  @Test
  void removingTheCardClosesItsConnection() throws Exception {
    card.insert();
    vpcd.acceptCard();
    vpcd.atr();
    card.remove();
    assertThat(vpcd.cardHungUp()).isTrue();
    assertThat(card.status().connected()).isFalse();
    assertThat(card.status().inserted()).isFalse();
  }

  @Test
  void whenVpcdDropsAnInsertedCardItComesBackWithoutItsPin() throws Exception {
    card.insert();
    vpcd.acceptCard();
    Jpki jpki = new Jpki(this::transmit);
    jpki.selectAp();
    assertThat(jpki.verify("1234")).isEqualTo(0x9000);
    vpcd.dropCard();
    vpcd.acceptCard(); // the card reconnects by itself
    await("second connection").atMost(LIMIT).until(() -> card.status().connections() == 2);
    jpki.selectAp();
    assertThat(Jpki.sw(jpki.sign(new byte[] {1}))).isEqualTo(0x6982);
  }

  @Test
  void theCardCanOnlyBeSwappedWhileRemoved() throws Exception {
    CardMaterial other = ca.newCard();
    card.insert();
    assertThatThrownBy(() -> card.swap(other)).isInstanceOf(IllegalStateException.class);
    vpcd.acceptCard();
    card.remove();
    card.swap(other);
    card.insert();
    vpcd.acceptCard();
    Jpki jpki = new Jpki(this::transmit);
    jpki.selectAp();
    assertThat(jpki.certificate(0x000A, 256)).isEqualTo(other.authCertificate());
  }

  private byte[] transmit(byte[] apdu) {
    try {
      return vpcd.transmit(HexFormat.of().formatHex(apdu));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
