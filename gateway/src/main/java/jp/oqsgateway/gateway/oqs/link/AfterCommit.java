package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts that write inside one of the link's transactions ({@link FaceResultHandler}, {@link
 * AnswerParticipant}): each writes in turn, and what each does once it committed runs in turn, one
 * failing not stopping the others.
 */
final class AfterCommit {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  /** Nothing to do once committed. */
  static final Runnable NOTHING = () -> {};

  private AfterCommit() {}

  /**
   * Lets every participant write, one after the other ({@code join}); completes with one action
   * running theirs. {@code after} names the transaction in the log line of an action that fails.
   */
  static <P> Future<Runnable> joinAll(
      List<P> participants, Function<P, Future<Runnable>> join, String after) {
    Future<List<Runnable>> all = Future.succeededFuture(new ArrayList<>());
    for (P participant : participants) {
      all =
          all.compose(
              actions ->
                  join.apply(participant)
                      .map(
                          action -> {
                            actions.add(action);
                            return actions;
                          }));
    }
    return all.map(actions -> () -> actions.forEach(action -> runQuietly(action, after)));
  }

  private static void runQuietly(Runnable action, String after) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("an action after " + after + " failed");
    }
  }
}
