package jp.oqsgateway.gateway.live;

import java.time.Duration;
import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the live feed (docs/LIVE.md, docs/CONFIGURATION.md). */
public final class LiveSettings {
  private LiveSettings() {}

  public static final Setting<Duration> LIVE_HEARTBEAT =
      new Setting<>(
          "live.heartbeat",
          "15s",
          "How often a live connection gets a heartbeat (and a WebSocket ping); one from which"
              + " nothing arrived for three of them is closed (4000 heartbeat-timeout).",
          Parsers.between(Duration.ofMillis(200), Duration.ofMinutes(5)));
  public static final Setting<Integer> LIVE_CLIENT_QUEUE =
      new Setting<>(
          "live.client-queue",
          "1000",
          "Messages one live connection may have waiting to be written; one more disconnects it"
              + " (4429 slow-consumer) rather than slowing the others.",
          Parsers.integer(1, 1_000_000));
  public static final Setting<Integer> LIVE_MAX_CONNECTIONS =
      new Setting<>(
          "live.max-connections",
          "2000",
          "Live connections (WebSocket and SSE together) at once; one more is refused (4503, SSE"
              + " 503).",
          Parsers.integer(1, 1_000_000));
  public static final Setting<Duration> LIVE_REPLAY_WINDOW =
      new Setting<>(
          "live.replay-window",
          "24h",
          "How old the last event a reconnecting client saw may be for the events it missed to be"
              + " replayed; older, it gets a gap message and reloads its state over REST.",
          Parsers.between(Duration.ofSeconds(1), Duration.ofDays(30)));
  public static final Setting<Integer> LIVE_REPLAY_MAX_EVENTS =
      new Setting<>(
          "live.replay-max-events",
          "10000",
          "Most events replayed to one reconnecting client; more missed events mean a gap message.",
          Parsers.integer(1, 1_000_000));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          LIVE_HEARTBEAT,
          LIVE_CLIENT_QUEUE,
          LIVE_MAX_CONNECTIONS,
          LIVE_REPLAY_WINDOW,
          LIVE_REPLAY_MAX_EVENTS);

  public static LiveConfig read(ConfigSource src) {
    return new LiveConfig(
        src.get(LIVE_HEARTBEAT),
        src.get(LIVE_CLIENT_QUEUE),
        src.get(LIVE_MAX_CONNECTIONS),
        src.get(LIVE_REPLAY_WINDOW),
        src.get(LIVE_REPLAY_MAX_EVENTS));
  }
}
