package jp.oqsgateway.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The virtual card's control channel (docs/VIRTUAL-CARD.md): one command a line, one line back. */
final class VirtualCardControl {
  private final InetSocketAddress address;

  VirtualCardControl(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    this.address =
        new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  String send(String command) throws Exception {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(address, 2_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      String answer =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (answer == null || answer.contains("\"error\"")) {
        throw new IllegalStateException("virtual card: " + command + " → " + answer);
      }
      return answer;
    }
  }
}
