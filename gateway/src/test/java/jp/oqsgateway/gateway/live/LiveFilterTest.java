package jp.oqsgateway.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import org.junit.jupiter.api.Test;

/** Who receives what on the live feed (docs/LIVE.md "Who receives what"). */
class LiveFilterTest {
  private static Viewer viewer(Set<String> roles, Set<String> desks) {
    return new Viewer("s", roles, desks, "t", Instant.EPOCH, Instant.MAX);
  }

  private static Event event(EventType type, JsonObject data) {
    return Event.of(type, data);
  }

  private static final Viewer DESK_A = viewer(Set.of("reception"), Set.of("desk-a"));

  @Test
  void aReceptionTokenOfDeskASeesDeskAsCardsAndTheLinkButNeverDeskBsNorHomeVisits() {
    LiveFilter f = LiveFilter.of(DESK_A, List.of(), List.of());
    assertThat(f.accepts(event(EventType.CARD_INSERTED, new JsonObject().put("deskId", "desk-a"))))
        .isTrue();
    assertThat(f.accepts(event(EventType.CHECK_ANSWERED, new JsonObject().put("desk", "desk-a"))))
        .isTrue();
    assertThat(f.accepts(event(EventType.CARD_INSERTED, new JsonObject().put("deskId", "desk-b"))))
        .isFalse();
    assertThat(f.accepts(event(EventType.TERMINAL_LINK_DOWN, new JsonObject()))).isTrue();
    assertThat(f.accepts(event(EventType.HOMEVISIT_ALERT, new JsonObject()))).isFalse();
    assertThat(f.accepts(event(EventType.CHECK_ANSWERED, new JsonObject()))).isFalse();
  }

  @Test
  void anEventNamingSeveralDesksReachesEachOfThem() {
    LiveFilter f = LiveFilter.of(DESK_A, List.of(), List.of());
    JsonObject agent = new JsonObject().put("deskIds", new JsonArray().add("desk-b").add("desk-a"));
    assertThat(f.accepts(event(EventType.READER_STATUS, agent))).isTrue();
  }

  @Test
  void aReceptionTokenOfDeskAMayNotSubscribeToDeskB() {
    assertThatThrownBy(() -> LiveFilter.of(DESK_A, List.of("desk-b"), List.of()))
        .isInstanceOfSatisfying(
            SubscriptionRefused.class,
            r -> {
              assertThat(r.code()).isEqualTo("desk-not-allowed");
              assertThat(r.field()).isEqualTo("desk");
              assertThat(r.forbidden()).isTrue();
            });
  }

  @Test
  void aClinicianSeesHomeVisitAlertsAndJobsOnly() {
    LiveFilter f = LiveFilter.of(viewer(Set.of("clinician"), Set.of()), List.of(), List.of());
    assertThat(f.accepts(event(EventType.HOMEVISIT_ALERT, new JsonObject()))).isTrue();
    assertThat(f.accepts(event(EventType.JOB_PROGRESS, new JsonObject()))).isTrue();
    assertThat(f.accepts(event(EventType.CHECK_ANSWERED, new JsonObject().put("desk", "d"))))
        .isFalse();
  }

  @Test
  void opsSeesTheLinkReadersAndFailedChecksButNotAnsweredOnes() {
    LiveFilter f = LiveFilter.of(viewer(Set.of("ops"), Set.of()), List.of(), List.of());
    assertThat(f.accepts(event(EventType.TERMINAL_LINK_UP, new JsonObject()))).isTrue();
    assertThat(f.accepts(event(EventType.READER_STATUS, new JsonObject().put("deskId", "d"))))
        .isTrue();
    assertThat(f.accepts(event(EventType.CHECK_FAILED, new JsonObject()))).isTrue();
    assertThat(f.accepts(event(EventType.CHECK_ANSWERED, new JsonObject()))).isFalse();
  }

  @Test
  void rolesAddUpAndChartSeesEveryTypeNarrowedOnlyByItsOwnSubscription() {
    LiveFilter both =
        LiveFilter.of(
            viewer(Set.of("clinician", "reception"), Set.of("desk-a")), List.of(), List.of());
    assertThat(both.accepts(event(EventType.HOMEVISIT_ALERT, new JsonObject()))).isTrue();
    assertThat(
            both.accepts(event(EventType.CARD_INSERTED, new JsonObject().put("deskId", "desk-a"))))
        .isTrue();
    LiveFilter chart =
        LiveFilter.of(
            viewer(Set.of("chart"), Set.of()), List.of("desk-b"), List.of("card.inserted"));
    assertThat(
            chart.accepts(event(EventType.CARD_INSERTED, new JsonObject().put("deskId", "desk-b"))))
        .isTrue();
    assertThat(
            chart.accepts(event(EventType.CARD_INSERTED, new JsonObject().put("deskId", "desk-a"))))
        .isFalse();
    assertThat(
            chart.accepts(event(EventType.CHECK_ANSWERED, new JsonObject().put("desk", "desk-b"))))
        .isFalse();
  }

  @Test
  void anAgentTokenIsNotAdmittedAndAnUnknownTypeIsABadRequest() {
    assertThat(LiveFilter.admits(viewer(Set.of("agent"), Set.of("d")))).isFalse();
    assertThat(LiveFilter.admits(DESK_A)).isTrue();
    assertThatThrownBy(() -> LiveFilter.of(DESK_A, List.of(), List.of("card.eaten")))
        .isInstanceOfSatisfying(
            SubscriptionRefused.class, r -> assertThat(r.forbidden()).isFalse());
  }
}
