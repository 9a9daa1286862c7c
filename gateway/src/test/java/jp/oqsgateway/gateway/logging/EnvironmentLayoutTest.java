package jp.oqsgateway.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.logging.EnvironmentLayout.Format;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The console's log format follows how the gateway was started. */
class EnvironmentLayoutTest {
  private final LoggerContext context = new LoggerContext();

  @Test
  void underSystemdTheLogIsJsonForTheJournalEvenOnATerminal() {
    assertThat(EnvironmentLayout.formatFor(Map.of("JOURNAL_STREAM", "8:12345"), false))
        .isEqualTo(Format.JSON);
    assertThat(EnvironmentLayout.formatFor(Map.of("INVOCATION_ID", "0f3a9c"), true))
        .isEqualTo(Format.JSON);
  }

  @Test
  void runByHandOnATerminalTheLogIsHumanReadable() {
    assertThat(EnvironmentLayout.formatFor(Map.of("TERM", "xterm"), true)).isEqualTo(Format.TEXT);
    assertThat(EnvironmentLayout.formatFor(Map.of("JOURNAL_STREAM", " "), true))
        .isEqualTo(Format.TEXT);
  }

  @Test
  void intoAPipeOrAFileTheLogStaysJson() {
    assertThat(EnvironmentLayout.formatFor(Map.of(), false)).isEqualTo(Format.JSON);
  }

  @Test
  void theStartedLayoutWritesJsonWhenTheOutputIsNoTerminal() {
    // Tests run with standard output redirected by surefire: no terminal, so JSON lines.
    EnvironmentLayout layout = new EnvironmentLayout();
    layout.setContext(context);
    layout.start();
    String line = layout.doLayout(event("check finished", List.of(), null));
    assertThat(new JsonObject(line).getString("msg")).isEqualTo("check finished");
  }

  @Test
  void theHumanReadableLineKeepsToTheSameAllowList() {
    String line =
        new AllowListTextLayout()
            .doLayout(
                event(
                    "check finished",
                    List.of(
                        new KeyValuePair("status", 200), new KeyValuePair("patientName", "山田 太郎")),
                    new IllegalStateException("boom")));
    assertThat(line)
        .contains(" WARN  Probe: check finished status=200 droppedFields=1")
        .contains("java.lang.IllegalStateException: boom")
        .doesNotContain("山田")
        .doesNotStartWith("{");
  }

  private LoggingEvent event(String message, List<KeyValuePair> fields, Throwable error) {
    LoggingEvent e =
        new LoggingEvent(
            "fqcn",
            context.getLogger("jp.oqsgateway.test.Probe"),
            Level.WARN,
            message,
            error,
            null);
    fields.forEach(e::addKeyValuePair);
    return e;
  }
}
