package jp.oqsgateway.gateway.homevisit;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did with the units it was given.
 *
 * @param linked units assigned to their one chart patient (a new or an existing link)
 * @param opened home-visit relationships opened with the consent date as first visit
 * @param refreshed relationships whose first visit moved to a newer consent date
 * @param queued units left for a person (several chart patients, or none)
 * @param skipped the other units, counted by reason: {@code already-imported} (the same unit came
 *     before), {@code no-qualification} (OQS reported an error or no usable qualification)
 */
public record ConsentedImportSummary(
    int linked, int opened, int refreshed, int queued, Map<String, Integer> skipped) {
  public static final String ALREADY_IMPORTED = "already-imported";
  public static final String NO_QUALIFICATION = "no-qualification";
  public static final ConsentedImportSummary NONE =
      new ConsentedImportSummary(0, 0, 0, 0, Map.of());

  public ConsentedImportSummary {
    skipped = Map.copyOf(skipped);
  }

  static ConsentedImportSummary skipped(String reason) {
    return new ConsentedImportSummary(0, 0, 0, 0, Map.of(reason, 1));
  }

  static ConsentedImportSummary queuedOne() {
    return new ConsentedImportSummary(0, 0, 0, 1, Map.of());
  }

  /** The two summaries added up. */
  public ConsentedImportSummary plus(ConsentedImportSummary o) {
    Map<String, Integer> all = new TreeMap<>(skipped);
    o.skipped.forEach((k, v) -> all.merge(k, v, Integer::sum));
    return new ConsentedImportSummary(
        linked + o.linked, opened + o.opened, refreshed + o.refreshed, queued + o.queued, all);
  }

  /** This summary with what happened to the relationship of a linked unit. */
  ConsentedImportSummary with(ConsentedRelationships.Effect effect) {
    return plus(
        new ConsentedImportSummary(
            0,
            effect == ConsentedRelationships.Effect.OPENED ? 1 : 0,
            effect == ConsentedRelationships.Effect.REFRESHED ? 1 : 0,
            0,
            Map.of()));
  }
}
