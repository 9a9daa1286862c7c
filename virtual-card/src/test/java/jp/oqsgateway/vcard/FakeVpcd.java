package jp.oqsgateway.vcard;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/** vpcd's side of the wire on a random loopback port, driven by the test thread. */
final class FakeVpcd implements AutoCloseable {
  private final ServerSocket server;
  private Socket card;
  private DataInputStream in;
  private DataOutputStream out;

  FakeVpcd() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setSoTimeout(5_000);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Waits (up to 5 s) for the card to connect. */
  void acceptCard() throws IOException {
    card = server.accept();
    card.setSoTimeout(5_000);
    card.setTcpNoDelay(true);
    in = new DataInputStream(card.getInputStream());
    out = new DataOutputStream(card.getOutputStream());
  }

  void control(int b) throws IOException {
    out.writeShort(1);
    out.writeByte(b);
    out.flush();
  }

  byte[] atr() throws IOException {
    control(0x04);
    return read();
  }

  byte[] transmit(String hex) throws IOException {
    byte[] apdu = HexFormat.of().parseHex(hex);
    out.writeShort(apdu.length);
    out.write(apdu);
    out.flush();
    return read();
  }

  byte[] read() throws IOException {
    byte[] b = new byte[in.readUnsignedShort()];
    in.readFully(b);
    return b;
  }

  /** True when the card closed its end within 5 s. */
  boolean cardHungUp() throws IOException {
    try {
      return in.read() < 0;
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** vpcd drops the card, as when pcscd stops. */
  void dropCard() throws IOException {
    card.close();
  }

  @Override
  public void close() throws IOException {
    if (card != null) {
      card.close();
    }
    server.close();
  }
}
