package jp.oqsgateway.gateway.cards;

import java.util.List;
import java.util.UUID;

/** What confirming a linking task did. */
public sealed interface LinkResult {
  /**
   * The card is linked to the patient (now, or by an earlier confirmation of the same task).
   *
   * @param superseded the earlier links this one replaced (renewed card, or a card re-assigned)
   */
  record Linked(UUID taskId, CardLink link, List<UUID> superseded) implements LinkResult {}

  record UnknownTask() implements LinkResult {}

  /** The task was closed for another patient. */
  record ClosedForAnother() implements LinkResult {}
}
