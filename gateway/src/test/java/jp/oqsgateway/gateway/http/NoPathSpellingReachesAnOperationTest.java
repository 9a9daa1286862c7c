package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.http.DocumentedOperations.Operation;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Derived from the OpenAPI document: every operation, spelled every way a router or a proxy might
 * treat as the same path (trailing slash, doubled slash, dot segments, percent-encoded slash or
 * letters, letter case, backslash, {@code ;} parameters), is refused without a token, with each
 * wrong role and even with a right one — and no request file reaches the terminal's {@code req/}
 * folder, no patient data comes back. The gateway here can write to the terminal (an institution
 * code, no terminal answering), so a request that got through would leave its file behind.
 */
@ExtendWith(VertxExtension.class)
class NoPathSpellingReachesAnOperationTest {
  private static final SimulatedPerson PERSON = SimulatedPopulation.standard().first("family");

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
          "path-spellings",
          Map.of(
              "api.rate-limit.auth-failures-per-minute", "100000",
              "api.rate-limit.requests-per-second", "100000",
              "api.rate-limit.burst", "100000"));

  private static Path requests;

  @BeforeAll
  static void start() {
    requests = gw.home().resolve("var/oqs/req");
  }

  @BeforeEach
  void noRequestFileYet() throws IOException {
    assertThat(requestFiles()).isEmpty();
  }

  /** The spellings of a documented path that must not reach its operation. */
  static Map<String, String> spellings(String url) {
    int last = url.lastIndexOf('/');
    String head = url.substring(0, last);
    String tail = url.substring(last + 1);
    Map<String, String> s = new LinkedHashMap<>();
    s.put("trailing slash", url + "/");
    s.put("two trailing slashes", url + "//");
    s.put("doubled slash inside", head + "//" + tail);
    s.put("doubled leading slash", "/" + url);
    s.put("dot segment", head + "/./" + tail);
    s.put("dot-dot segment", head + "/x/../" + tail);
    s.put("trailing dot segment", url + "/.");
    s.put("percent-encoded slash", head + "%2F" + tail);
    s.put("percent-encoded slash, lower case", head + "%2f" + tail);
    s.put(
        "percent-encoded letter",
        "/api/v1/%" + Integer.toHexString(url.charAt(8)) + url.substring(9));
    s.put("percent-encoded prefix", "/%61pi" + url.substring(4));
    s.put("percent-encoded backslash", head + "%5C" + tail);
    s.put("upper-case prefix", "/API" + url.substring(4));
    s.put("upper-case version", "/api/V1" + url.substring(7));
    s.put("upper-case resource", "/api/v1/" + url.substring(8).toUpperCase(java.util.Locale.ROOT));
    s.put("matrix parameter", url + ";x=1");
    s.put("encoded dot segment", head + "/%2e/" + tail);
    s.put("leading dot segment", "/." + url);
    s.put("leading dot-dot segment", "/x/.." + url);
    s.put("leading encoded dot segment", "/%2e" + url);
    s.put("leading encoded dot-dot segment", "/x/%2E%2E" + url);
    return s;
  }

  private static HttpResponse<Buffer> call(Operation op, String url, String bearer) {
    HttpRequest<Buffer> request = gw.client().request(op.method(), gw.apiPort(), "127.0.0.1", url);
    if (bearer != null) {
      request.putHeader("Authorization", bearer);
    }
    if (op.hasBody()) {
      JsonObject body =
          op.id().equals("createQualificationCheck")
              ? CheckBodies.forPerson(PERSON)
              : new JsonObject();
      return request.sendJsonObject(body).await();
    }
    return request.send().await();
  }

  private static void assertRefused(
      SoftAssertions softly, HttpResponse<Buffer> r, String what, Integer... allowed) {
    softly.assertThat(r.statusCode()).as(what).isIn((Object[]) allowed);
    String body = r.bodyAsString() == null ? "" : r.bodyAsString();
    if (!body.isEmpty()) {
      softly.assertThat(r.getHeader("Content-Type")).as(what).isEqualTo(Problems.CONTENT_TYPE);
    }
    softly.assertThat(body).as(what).doesNotContain(PERSON.name()).doesNotContain(PERSON.address());
  }

  @Test
  void noSpellingOfAnyOperationAnswersWithoutATokenOrWithAWrongRole() throws IOException {
    SoftAssertions softly = new SoftAssertions();
    int probes = 0;
    for (Operation op : DocumentedOperations.guarded()) {
      for (Map.Entry<String, String> spelling : spellings(op.validUrl()).entrySet()) {
        String what = op.id() + " spelled with " + spelling.getKey() + ": " + spelling.getValue();
        assertRefused(
            softly, call(op, spelling.getValue(), null), what + " without a token", 401, 404);
        for (Role role : op.wrongRoles()) {
          assertRefused(
              softly,
              call(op, spelling.getValue(), gw.bearer(role)),
              what + " as " + role,
              403,
              404);
          probes++;
        }
        probes++;
      }
    }
    softly.assertAll();
    assertThat(probes).as("probes sent").isGreaterThan(500);
    assertThat(requestFiles()).as("request files written for the terminal").isEmpty();
  }

  @Test
  void noSpellingOtherThanTheDocumentedOneReachesAnOperationEvenWithTheRightRole()
      throws IOException {
    SoftAssertions softly = new SoftAssertions();
    for (Operation op : DocumentedOperations.all()) {
      Role role = op.isPublic() ? Role.CHART : op.roles().iterator().next();
      for (Map.Entry<String, String> spelling : spellings(op.validUrl()).entrySet()) {
        String what = op.id() + " as " + role + " spelled with " + spelling.getKey();
        assertRefused(softly, call(op, spelling.getValue(), gw.bearer(role)), what, 404, 405);
      }
    }
    softly.assertAll();
    assertThat(requestFiles()).as("request files written for the terminal").isEmpty();
  }

  @Test
  void theDocumentedSpellingWithTheRightRoleDoesReachTheTerminal() throws IOException {
    // The control of the two tests above: their probes would have left a file here.
    Operation create =
        DocumentedOperations.all().stream()
            .filter(op -> op.id().equals("createQualificationCheck"))
            .findFirst()
            .orElseThrow();
    HttpResponse<Buffer> r = call(create, create.validUrl() + "?wait=0", gw.bearer(Role.CHART));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    assertThat(requestFiles()).hasSize(1);
    try (Stream<Path> files = Files.list(requests)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  private static List<Path> requestFiles() throws IOException {
    if (!Files.isDirectory(requests)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(requests)) {
      return new ArrayList<>(files.toList());
    }
  }
}
