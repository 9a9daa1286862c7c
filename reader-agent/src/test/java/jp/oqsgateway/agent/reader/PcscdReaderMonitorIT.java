package jp.oqsgateway.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import jp.oqsgateway.agent.pcsc.JnaPcsc;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pcsc.PcscException;
import jp.oqsgateway.vcard.CardMaterial;
import jp.oqsgateway.vcard.VirtualCard;
import jp.oqsgateway.vcard.pcscd.Pcscd;
import jp.oqsgateway.vcard.pcscd.PcscdUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The monitor contract through the whole real stack: jnasmartcardio → libpcsclite → pcscd → vpcd →
 * the virtual My Number card on vpcd's first port (reader "Virtual PCD 00 00"). Skipped, with the
 * reason, where pcscd cannot run or vpcd's fixed port is taken by another pcscd.
 */
class PcscdReaderMonitorIT extends ReaderMonitorContract {
  private static Pcscd pcscd;
  private static Pcsc pcsc;
  private static VirtualCard card;

  @BeforeAll
  static void startPcscd() throws PcscException {
    try {
      pcscd = Pcscd.start(Path.of(System.getProperty("oqsgw.pcscdWorkDir", "target/pcscd")));
    } catch (PcscdUnavailableException e) {
      // Surefire's report of a class skipped before its first test drops the reason: say it here
      // (./ops/test's list of skipped tests reads it from this class's output).
      System.err.println("skipped: pcscd cannot run here: " + e.getMessage());
      Assumptions.abort("pcscd cannot run here: " + e.getMessage());
    }
    System.out.println("pcscd " + pcscd.mode() + " on " + pcscd.socket());
    pcsc = JnaPcsc.create();
  }

  @AfterAll
  static void stopPcscd() {
    if (card != null) {
      card.close();
    }
    if (pcscd != null) {
      pcscd.close();
    }
  }

  @Override
  protected Pcsc pcsc() {
    return pcsc;
  }

  @Override
  protected void insert(CardMaterial material, int triesLeft) {
    if (card != null) {
      card.close();
    }
    card =
        VirtualCard.create(
            new InetSocketAddress("127.0.0.1", VirtualCard.VPCD_PORT), material, "1234", triesLeft);
    card.insert();
  }

  @Override
  protected void remove() {
    if (card != null) {
      card.remove();
    }
  }

  @Override
  protected int cardTriesLeft() {
    return card.status().pinTriesLeft();
  }

  @Override
  protected void restartPcsc() throws Exception {
    assertThat(pcscd.canRestart())
        .as(
            "the build points this test at a private pcscd socket under target/; a pcscd already"
                + " answering there is a leftover of an earlier run, not ours to restart: stop it")
        .isTrue();
    pcscd.restart();
  }
}
