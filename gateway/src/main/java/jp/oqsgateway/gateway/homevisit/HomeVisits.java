package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The home-visit rules as the rest of the gateway asks them: whether a patient is cared for at
 * home, and whether a re-inquiry (再照会) may be sent for them on a day, under which relationship.
 */
public final class HomeVisits {
  /**
   * What the rules say for a patient on a day.
   *
   * @param relationship the relationship the answer is about: the eligible one with the latest
   *     first visit, else the most relevant other (active first); empty when the patient has none
   */
  public record Decision(Optional<Relationship> relationship, Optional<Eligibility> eligibility) {
    public static final Decision NOT_HOME_VISIT = new Decision(Optional.empty(), Optional.empty());

    public boolean eligible() {
      return eligibility.map(Eligibility::eligible).orElse(false);
    }
  }

  private final HomeVisitStore store;
  private final ReinquiryRules rules;
  private final ZoneId zone;
  private final Clock clock;

  public HomeVisits(HomeVisitStore store, ReinquiryRules rules, ZoneId zone, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.zone = zone;
    this.clock = clock;
  }

  public HomeVisitStore store() {
    return store;
  }

  public ReinquiryRules rules() {
    return rules;
  }

  /** Today in the clinic's time zone. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  /** Eligibility of one relationship on a day. */
  public Eligibility eligibility(Relationship r, LocalDate day) {
    return rules.on(r, day);
  }

  /**
   * Whether a re-inquiry may be sent for the patient on {@code day}, and under which relationship.
   */
  public Future<Decision> decide(String chartPatientId, LocalDate day) {
    return store.ofPatient(chartPatientId).map(all -> decide(all, day));
  }

  private Decision decide(List<Relationship> all, LocalDate day) {
    List<Decision> each =
        all.stream().map(r -> new Decision(Optional.of(r), Optional.of(rules.on(r, day)))).toList();
    return each.stream()
        .filter(Decision::eligible)
        .max(Comparator.comparing(d -> d.relationship().orElseThrow().firstVisitDate()))
        .or(() -> each.stream().findFirst())
        .orElse(Decision.NOT_HOME_VISIT);
  }
}
