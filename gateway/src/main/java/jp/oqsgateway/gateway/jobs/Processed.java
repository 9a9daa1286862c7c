package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import java.util.UUID;
import java.util.function.Supplier;

/** What {@link JobKind#process} did with an item in the item's transaction. */
public sealed interface Processed {
  /** The item's whole effect was written in the transaction: the item ends with it. */
  record Finished(ItemOutcome outcome) implements Processed {}

  /**
   * The record of an outside effect was created in the transaction under {@code reference}; after
   * the commit the runner calls {@code follow}, which sends it and follows it to the outcome.
   */
  record Dispatched(UUID reference, Supplier<Future<ItemOutcome>> follow) implements Processed {}

  static Processed finished(ItemOutcome outcome) {
    return new Finished(outcome);
  }

  static Processed dispatched(UUID reference, Supplier<Future<ItemOutcome>> follow) {
    return new Dispatched(reference, follow);
  }
}
