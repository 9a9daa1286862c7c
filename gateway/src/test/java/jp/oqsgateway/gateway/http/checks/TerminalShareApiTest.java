package jp.oqsgateway.gateway.http.checks;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.link.TerminalText;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whoever can write into the terminal's share plays the terminal here (no simulator): what they put
 * into {@code res/} must not reach an API caller unless it is a result or an error text, and then
 * only as clean, short text.
 */
@ExtendWith(VertxExtension.class)
class TerminalShareApiTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("share", Map.of("oqs.link.timeout", "60s"));

  private static final ChartApi api = ChartApi.of(gw);
  private static Path req;
  private static Path res;

  @BeforeAll
  static void start() {
    req = gw.home().resolve("var/oqs/req");
    res = gw.home().resolve("var/oqs/res");
  }

  /** A check left waiting, and the request file the gateway wrote for it. */
  private record Waiting(String checkId, Path request) {}

  private Waiting submit(String family) throws IOException {
    List<Path> before = requests();
    HttpResponse<Buffer> r = api.postCheck("?wait=0", CheckBodies.forPerson(PEOPLE.first(family)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    Path request =
        await("the request file")
            .atMost(WAIT)
            .until(
                () -> requests().stream().filter(p -> !before.contains(p)).findFirst().orElse(null),
                Objects::nonNull);
    return new Waiting(r.bodyAsJsonObject().getString("id"), request);
  }

  private static List<Path> requests() {
    try (Stream<Path> s = Files.list(req)) {
      return s.filter(p -> p.getFileName().toString().startsWith("OQSsiquc01req_")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject check(String id) {
    HttpResponse<Buffer> got = api.get("/api/v1/qualification-checks/" + id);
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    return got.bodyAsJsonObject();
  }

  private double refusedSymlinks() {
    String metrics =
        gw.client().get(gw.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("oqsgw_oqs_files_refused_total{reason=\"symlink\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void anErrTextWithControlCharactersAndTenKilobytesReachesTheCallerShortAndClean()
      throws IOException {
    Waiting w = submit("family");
    String name = w.request().getFileName().toString();
    String text = "\u001b[31m資格確認端末エラー\u0007\r\n{\"forged\":true}\u0000" + "E".repeat(10 * 1024);
    Files.write(
        res.resolve(name.substring(0, name.length() - 4) + ".err"),
        text.getBytes(StandardCharsets.UTF_8));
    Files.move(w.request(), res.resolve(name));

    JsonObject failed =
        await("the check failed")
            .atMost(WAIT)
            .until(
                () -> {
                  JsonObject c = check(w.checkId());
                  return c.getString("state").equals("FAILED") ? c : null;
                },
                Objects::nonNull);

    String detail = failed.getJsonObject("failure").getString("detail");
    assertThat(detail).contains("資格確認端末エラー {\"forged\":true} EEE");
    assertThat(detail.length()).isLessThanOrEqualTo(TerminalText.MAX_LENGTH);
    assertThat(detail.codePoints()).noneMatch(Character::isISOControl);
  }

  @Test
  void aSymbolicLinkToEtcPasswdNamedAsTheResultIsNeitherReadNorMatched() throws IOException {
    double refusedBefore = refusedSymlinks();
    Waiting w = submit("multiple");
    String name = w.request().getFileName().toString();
    Files.delete(w.request()); // taken by the "terminal"
    Files.createSymbolicLink(
        res.resolve(name.replaceFirst("req_", "res_")), Path.of("/etc/passwd"));

    await("the link counted")
        .atMost(WAIT)
        .until(() -> refusedSymlinks() > refusedBefore ? true : null, Objects::nonNull);

    JsonObject c = check(w.checkId());
    assertThat(c.getString("state")).isEqualTo("WAITING");
    assertThat(c.encode()).doesNotContain("root:").doesNotContain("passwd");
    var rows =
        gw.query(
            "select count(*) from oqs_processed_file where name like $1",
            name.replaceFirst("req_", "res_"));
    assertThat(rows.iterator().next().getLong(0)).as("never recorded as handled").isZero();
  }
}
