package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;
import java.util.Map;

/**
 * The console layout chosen by how the gateway was started: JSON lines ({@link
 * AllowListJsonLayout}) when systemd runs it (it sets {@code JOURNAL_STREAM} when standard output
 * goes to the journal, and {@code INVOCATION_ID} for every unit), and whenever the output is not a
 * terminal (a pipe, a file, a container's log); human-readable lines ({@link AllowListTextLayout})
 * on a terminal, for an operator running {@code oqsgw} by hand.
 */
public final class EnvironmentLayout extends LayoutBase<ILoggingEvent> {
  /** What the environment asks for. */
  public enum Format {
    JSON,
    TEXT
  }

  private Layout<ILoggingEvent> delegate;

  /** The format for these environment variables, on a terminal or not. */
  public static Format formatFor(Map<String, String> env, boolean terminal) {
    if (present(env, "JOURNAL_STREAM") || present(env, "INVOCATION_ID")) {
      return Format.JSON;
    }
    return terminal ? Format.TEXT : Format.JSON;
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  @Override
  public void start() {
    // System.console() is non-null only when standard input and output are both a terminal.
    LayoutBase<ILoggingEvent> chosen =
        formatFor(System.getenv(), System.console() != null) == Format.TEXT
            ? new AllowListTextLayout()
            : new AllowListJsonLayout();
    chosen.setContext(getContext());
    chosen.start();
    delegate = chosen;
    super.start();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    return delegate.doLayout(event);
  }
}
