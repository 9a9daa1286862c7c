package jp.oqsgateway.gateway.testsupport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorJpkiCa;
import jp.oqsgateway.vcard.CardMaterial;
import jp.oqsgateway.vcard.ControlServer;
import jp.oqsgateway.vcard.VirtualCard;

/**
 * The demo's virtual card on its control channel (a {@link ControlServer} on loopback), as {@code
 * demo.virtual-card-control} names it. Its vpcd is absent, so the card is wanted in the reader but
 * never served: what the demo's insert and remove buttons change is all there is to see.
 */
public final class DemoCard implements AutoCloseable {
  private final VirtualCard card;
  private final ControlServer control;

  private DemoCard(VirtualCard card, ControlServer control) {
    this.card = card;
    this.control = control;
  }

  /** The card of the population's first {@code family} person, PIN 1234. */
  public static DemoCard start() throws Exception {
    Path home = Files.createTempDirectory("oqsgw-demo-card-");
    SimulatorJpkiCa ca = SimulatorJpkiCa.open(home.resolve("ca"));
    String person = SimulatedPopulation.standard().first("family").id();
    ca.certificateFor(person);
    VirtualCard card =
        VirtualCard.create(
            new InetSocketAddress("127.0.0.1", portNobodyListensOn()),
            CardMaterial.load(ca.cardFile(person), null),
            "1234",
            3);
    ControlServer control =
        ControlServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), card, new char[0]);
    return new DemoCard(card, control);
  }

  private static int portNobodyListensOn() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The {@code demo.virtual-card-control} setting that reaches this card. */
  public String controlSetting() {
    return "127.0.0.1:" + control.address().getPort();
  }

  public VirtualCard card() {
    return card;
  }

  @Override
  public void close() throws Exception {
    control.close();
    card.close();
  }
}
