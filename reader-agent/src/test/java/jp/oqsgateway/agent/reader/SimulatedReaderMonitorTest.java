package jp.oqsgateway.agent.reader;

import java.util.List;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pcsc.SimulatedPcsc;
import jp.oqsgateway.vcard.CardMaterial;
import jp.oqsgateway.vcard.JpkiApplet;
import org.junit.jupiter.api.BeforeEach;

/** The monitor contract against PC/SC in memory with the virtual card's JPKI applet. */
class SimulatedReaderMonitorTest extends ReaderMonitorContract {
  private final SimulatedPcsc pcsc = new SimulatedPcsc();
  private JpkiApplet card;

  @BeforeEach
  void plugReader() {
    pcsc.plug(READER);
  }

  @Override
  protected Pcsc pcsc() {
    return pcsc;
  }

  @Override
  protected void insert(CardMaterial material, int triesLeft) {
    card = new JpkiApplet(material, "1234", triesLeft);
    pcsc.insert(READER, card);
  }

  @Override
  protected void remove() {
    pcsc.remove(READER);
  }

  @Override
  protected int cardTriesLeft() {
    return card.pinTriesLeft();
  }

  @Override
  protected void restartPcsc() {
    pcsc.stopService();
    pcsc.startService();
  }

  @Override
  protected List<byte[]> commands() {
    return pcsc.commands();
  }
}
