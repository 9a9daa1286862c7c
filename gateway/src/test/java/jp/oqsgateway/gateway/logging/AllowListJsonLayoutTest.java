package jp.oqsgateway.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class AllowListJsonLayoutTest {
  private final AllowListJsonLayout layout = new AllowListJsonLayout();
  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(String message, List<KeyValuePair> fields, Throwable error) {
    LoggingEvent e =
        new LoggingEvent(
            "fqcn", context.getLogger("jp.oqsgateway.test"), Level.WARN, message, error, null);
    fields.forEach(e::addKeyValuePair);
    return e;
  }

  @Test
  void fieldsOutsideTheAllowListNeverReachTheLog() {
    String line =
        layout.doLayout(
            event(
                "check finished",
                List.of(
                    new KeyValuePair("status", 200),
                    new KeyValuePair("patientName", "山田 太郎"),
                    new KeyValuePair("authorization", "Bearer abc.def")),
                null));
    assertThat(line).doesNotContain("山田").doesNotContain("Bearer").endsWith("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getInteger("status")).isEqualTo(200);
    assertThat(json.getInteger("droppedFields")).isEqualTo(2);
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("msg")).isEqualTo("check finished");
  }

  @Test
  void eachEventIsOneLineOfJsonEvenWithAStackTrace() {
    String line =
        layout.doLayout(
            event("failed", List.of(), new IllegalStateException("boom", new RuntimeException())));
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject error = new JsonObject(line).getJsonObject("error");
    assertThat(error.getString("class")).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.getJsonArray("stack")).isNotEmpty();
    assertThat(error.getJsonObject("cause").getString("class"))
        .isEqualTo("java.lang.RuntimeException");
  }
}
