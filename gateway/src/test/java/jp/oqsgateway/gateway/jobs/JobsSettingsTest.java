package jp.oqsgateway.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.settings.ConfigException;
import org.junit.jupiter.api.Test;

/** {@code jobs.schedules}: times of day per kind, refused with the key when they cannot be read. */
class JobsSettingsTest {
  private static Map<String, List<LocalTime>> schedules(String value) {
    return Settings.load(null, Map.of(), Map.of("jobs.schedules", value))
        .get(JobsSettings.JOBS_SCHEDULES);
  }

  @Test
  void schedulesAreKindAtTimeEntriesGroupedByKind() {
    assertThat(schedules("import@02:00, import@14:00,nightly-reinquiry@21:30"))
        .isEqualTo(
            Map.of(
                "import", List.of(LocalTime.of(2, 0), LocalTime.of(14, 0)),
                "nightly-reinquiry", List.of(LocalTime.of(21, 30))));
    assertThat(schedules("")).isEmpty();
  }

  @Test
  void anEntryThatIsNotKindAtTimeIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> schedules("import 02:00"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jobs.schedules")
        .hasMessageContaining("kind@HH:mm");
    assertThatThrownBy(() -> schedules("import@25:00"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HH:mm");
  }

  @Test
  void aScheduleNamingAKindTheGatewayDoesNotRunStopsTheStartNamingIt() {
    CountingKind kind = new CountingKind("known", Set.of("ops"), false, new CountingKind.Effects());
    JobsConfig config = JobsHarness.config(1, Map.of("unknown-kind", List.of(LocalTime.of(2, 0))));
    assertThatThrownBy(
            () ->
                new Jobs(
                    new JobStore(null),
                    new Outbox(),
                    List.of(kind),
                    new JobMetrics(new SimpleMeterRegistry(), List.of(kind)),
                    Clock.systemUTC(),
                    config))
        .hasMessageContaining("jobs.schedules")
        .hasMessageContaining("unknown-kind")
        .hasMessageContaining("known");
  }
}
