package jp.oqsgateway.vcard;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A virtual My Number card for a vpcd reader slot: a {@link JpkiApplet} on a {@link
 * VpcdCardConnection}. Created removed; {@link #insert()}, {@link #remove()} and {@link #swap}
 * (while removed) drive it like a hand at the reader. Tests use it in-process; {@link Main} serves
 * it with a control channel.
 */
public final class VirtualCard implements AutoCloseable {
  /** vpcd's first slot, reader "Virtual PCD 00 00"; the second slot is port + 1. */
  public static final int VPCD_PORT = 35963;

  public static final String DEFAULT_PIN = "1234";
  static final Duration RECONNECT = Duration.ofMillis(300);

  private final VpcdCardConnection connection;
  private final String pin;
  private final int tries;

  private VirtualCard(InetSocketAddress vpcd, CardMaterial material, String pin, int tries) {
    this.pin = pin;
    this.tries = tries;
    this.connection = new VpcdCardConnection(vpcd, new JpkiApplet(material, pin, tries), RECONNECT);
  }

  /** A removed card with PIN {@value #DEFAULT_PIN} and 3 tries left, for vpcd on loopback. */
  public static VirtualCard create(int vpcdPort, CardMaterial material) {
    return create(
        new InetSocketAddress("127.0.0.1", vpcdPort), material, DEFAULT_PIN, JpkiApplet.MAX_TRIES);
  }

  /**
   * A removed card.
   *
   * @param pin the 4-digit authentication PIN
   * @param triesLeft its retry counter on arrival (0–3), so a test can start near the lock
   */
  public static VirtualCard create(
      InetSocketAddress vpcd, CardMaterial material, String pin, int triesLeft) {
    Objects.requireNonNull(vpcd);
    Objects.requireNonNull(material);
    return new VirtualCard(vpcd, material, pin, triesLeft);
  }

  public void insert() {
    connection.insert();
  }

  public void remove() {
    connection.remove();
  }

  /**
   * Puts another card in the hand (same PIN and initial counter); only while removed.
   *
   * @throws IllegalStateException when inserted
   */
  public void swap(CardMaterial material) {
    connection.setCard(new JpkiApplet(material, pin, tries));
  }

  public CardStatus status() {
    JpkiApplet applet = (JpkiApplet) connection.card();
    return new CardStatus(
        connection.isInserted(),
        connection.isConnected(),
        connection.isServed(),
        connection.isPowered(),
        applet.pinTriesLeft(),
        connection.apdus(),
        connection.connections());
  }

  @Override
  public void close() {
    connection.close();
  }
}
