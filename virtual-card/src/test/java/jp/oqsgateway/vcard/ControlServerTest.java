package jp.oqsgateway.vcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control channel and the command-line client, with a card whose vpcd is a fake. */
class ControlServerTest {
  private static TestCards ca;

  @TempDir Path dir;
  private FakeVpcd vpcd;
  private VirtualCard card;
  private ControlServer control;
  private String address;

  @BeforeAll
  static void issue() {
    ca = TestCards.newCa();
  }

  @BeforeEach
  void start() throws Exception {
    vpcd = new FakeVpcd();
    card = VirtualCard.create(vpcd.address(), ca.newCard(), "1234", 2);
    control =
        ControlServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), card, new char[0]);
    address = "127.0.0.1:" + control.address().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    control.close();
    card.close();
    vpcd.close();
  }

  @Test
  void statusInsertAndRemoveAnswerOneJsonLine() throws Exception {
    assertThat(cli("status"))
        .isEqualTo(
            "{\"inserted\":false,\"connected\":false,\"served\":false,\"powered\":false,"
                + "\"pinTriesLeft\":2,\"apdus\":0,\"connections\":0}");
    assertThat(cli("insert")).startsWith("{\"inserted\":true,");
    vpcd.acceptCard();
    vpcd.atr();
    assertThat(cli("status")).contains("\"connected\":true").contains("\"served\":true");
    assertThat(cli("remove")).startsWith("{\"inserted\":false,\"connected\":false,");
    assertThat(vpcd.cardHungUp()).isTrue();
  }

  @Test
  void anotherCardCanBeSwappedInWhileRemovedOnly() throws Exception {
    Path other = TestCards.writePemFolder(ca.newCard(), dir.resolve("other"));
    cli("insert");
    assertThat(cliExit("card", other.toString())).isEqualTo(1);
    cli("remove");
    assertThat(cliExit("card", other.toString())).isZero();
  }

  @Test
  void unknownCommandsGetAnErrorLine() {
    assertThat(control.answer("eject")).startsWith("{\"error\":");
    assertThat(control.answer("card")).startsWith("{\"error\":");
    assertThat(control.answer("card /nonexistent/\"card\""))
        .startsWith("{\"error\":")
        .doesNotContain("\n");
  }

  @Test
  void theCommandLineRefusesMissingOptions() {
    assertThat(Main.run(new String[] {"status"}, quiet(), quiet())).isEqualTo(2);
    assertThat(Main.run(new String[] {"serve"}, quiet(), quiet())).isEqualTo(2);
    assertThat(Main.run(new String[] {"frobnicate"}, quiet(), quiet())).isEqualTo(2);
  }

  private String cli(String command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {command, "--control", address},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            quiet());
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  private int cliExit(String command, String operand) {
    return Main.run(new String[] {command, operand, "--control", address}, quiet(), quiet());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
