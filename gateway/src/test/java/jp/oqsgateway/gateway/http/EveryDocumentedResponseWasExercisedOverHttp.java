package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.testsupport.TestRunLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs last, over the access logs of the whole build (see {@code
 * LogsOfTheWholeTestRunCarryNoPatientData} for how they are collected): every response the OpenAPI
 * document promises, each operation with each of its documented statuses, was produced at least
 * once by a test through HTTP against a real gateway, and no operation answered with a status its
 * document does not list. So the document and the behaviour cannot drift, and an error path nobody
 * exercised shows up here by name.
 */
class EveryDocumentedResponseWasExercisedOverHttp {
  private static final String ACCESS_LOGGER = "jp.oqsgateway.gateway.http.access";

  private static Set<String> documented;
  private static Set<String> answered;

  @BeforeAll
  static void readTheDocumentAndTheAccessLogs() throws IOException {
    documented = documentedResponses();
    answered = new TreeSet<>();
    for (Path log : TestRunLogs.jsonLogsOfThisBuild()) {
      answered.addAll(answeredResponses(log));
    }
  }

  private static Set<String> documentedResponses() throws IOException {
    Path yaml = Path.of("src/main/resources/openapi/oqs-gateway.yaml");
    JsonObject doc = ApiContract.forRouter(Buffer.buffer(Files.readAllBytes(yaml)));
    Set<String> pairs = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        for (String status : op.getJsonObject("responses").fieldNames()) {
          pairs.add(op.getString("operationId") + " " + status);
        }
      }
    }
    return pairs;
  }

  private static Set<String> answeredResponses(Path log) {
    Set<String> pairs = new TreeSet<>();
    try (Stream<String> lines = Files.lines(log)) {
      lines
          .filter(l -> l.contains(ACCESS_LOGGER))
          .map(EveryDocumentedResponseWasExercisedOverHttp::parse)
          .filter(e -> e != null && ACCESS_LOGGER.equals(e.getString("logger")))
          .filter(e -> !"-".equals(e.getString("operation", "-")))
          .forEach(e -> pairs.add(e.getString("operation") + " " + e.getInteger("status")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pairs;
  }

  private static JsonObject parse(String line) {
    try {
      return new JsonObject(line);
    } catch (DecodeException e) {
      return null;
    }
  }

  @Test
  void theDocumentListsResponsesAndTheLogsHoldAnsweredRequests() {
    assertThat(documented)
        .as("operation/status pairs in the OpenAPI document")
        .hasSizeGreaterThan(50);
    assertThat(answered).as("operation/status pairs in this build's access logs").isNotEmpty();
  }

  @Test
  void everyDocumentedStatusOfEveryOperationWasAnsweredByATestThroughHttp() {
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(answered);
    assertThat(List.copyOf(missing)).as("documented but never answered during the tests").isEmpty();
  }

  @Test
  void noOperationAnsweredWithAStatusItsDocumentDoesNotList() {
    Set<String> undocumented = new TreeSet<>(answered);
    undocumented.removeAll(documented);
    assertThat(List.copyOf(undocumented)).as("answered but not documented").isEmpty();
  }
}
