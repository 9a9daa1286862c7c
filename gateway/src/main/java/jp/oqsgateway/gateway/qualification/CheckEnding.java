package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.events.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What commits together with the end of a check: its {@code check.answered} or {@code check.failed}
 * event, {@code qualification.changed} when a re-run's answer differs from the stale one served,
 * and the writes of every {@link CheckEndParticipant}. Their after-commit actions run only once the
 * transaction committed.
 */
final class CheckEnding {
  private static final Logger LOG = LoggerFactory.getLogger(CheckEnding.class);

  private final Outbox outbox;
  private final List<CheckEndParticipant> participants = new CopyOnWriteArrayList<>();

  CheckEnding(Outbox outbox) {
    this.outbox = outbox;
  }

  void add(CheckEndParticipant participant) {
    participants.add(participant);
  }

  /** Appends the events and lets every participant write, inside {@code tx}. */
  Future<List<Runnable>> within(SqlConnection tx, QualificationCheck ended) {
    Future<List<Runnable>> all =
        outbox
            .append(tx, CheckEvents.finished(ended))
            .compose(v -> appendChange(tx, ended))
            .map(v -> new ArrayList<>());
    for (CheckEndParticipant p : participants) {
      all = all.compose(actions -> p.join(tx, ended).map(a -> add(actions, a)));
    }
    return all;
  }

  private static List<Runnable> add(List<Runnable> actions, Runnable action) {
    actions.add(action);
    return actions;
  }

  /** Runs the after-commit actions; one failing does not stop the others. */
  static void afterCommit(List<Runnable> actions) {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.atError().setCause(e).log("an action after the end of a check failed");
      }
    }
  }

  /** {@code qualification.changed} when a re-run's answer differs from the stale one served. */
  private Future<Void> appendChange(SqlConnection tx, QualificationCheck check) {
    if (check.state() != CheckState.ANSWERED
        || check.stale().isEmpty()
        || check.result().isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> fields =
        QualificationChanges.between(check.stale().get().result(), check.result().get());
    return fields.isEmpty()
        ? Future.succeededFuture()
        : outbox.append(tx, CheckEvents.changed(check, fields));
  }
}
