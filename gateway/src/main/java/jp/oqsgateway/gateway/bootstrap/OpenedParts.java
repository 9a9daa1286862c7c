package jp.oqsgateway.gateway.bootstrap;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway opened, in order: closed in reverse (stop accepting, drain in-flight requests,
 * close pools, stop Vert.x, stop the embedded database), each step logged and skipped on error so
 * the rest still closes.
 */
final class OpenedParts {
  private static final Logger LOG = LoggerFactory.getLogger(OpenedParts.class);

  private final Deque<AutoCloseable> openedInOrder = new ArrayDeque<>();

  void push(AutoCloseable opened) {
    openedInOrder.push(opened);
  }

  void closeAll() {
    while (!openedInOrder.isEmpty()) {
      AutoCloseable next = openedInOrder.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.atWarn().setCause(e).log("error while stopping; continuing with the rest");
      }
    }
  }
}
