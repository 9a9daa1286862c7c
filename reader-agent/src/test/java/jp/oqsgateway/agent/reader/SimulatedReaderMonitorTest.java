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

  /** Only here: vpcd's readers are always present, so no reader can be unplugged through pcscd. */
  @org.junit.jupiter.api.Test
  void aReaderUnpluggedWithACardInAndPluggedBackIsReportedAndSoIsItsNextCard() {
    startMonitor();
    insert(validCard(), 3);
    sink.await(
        jp.oqsgateway.agentprotocol.CardInserted.class, e -> e.readerId().equals(READER_ID), LIMIT);

    long t0 = System.nanoTime();
    pcsc.unplug(READER);
    sink.await(
        jp.oqsgateway.agentprotocol.CardRemoved.class, e -> e.readerId().equals(READER_ID), LIMIT);
    sink.await(
        jp.oqsgateway.agentprotocol.ReaderStatus.class,
        s ->
            s.readerId().equals(READER_ID)
                && s.state() == jp.oqsgateway.agentprotocol.ReaderStatus.State.ABSENT,
        LIMIT);
    sink.clear();
    pcsc.plug(READER);
    awaitReady();
    insert(validCard(), 3);
    sink.await(
        jp.oqsgateway.agentprotocol.CardInserted.class, e -> e.readerId().equals(READER_ID), LIMIT);
    System.out.println(
        "unplugged, plugged back, card reported again in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms");
  }
}
