package jp.oqsgateway.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.store.AuditChain.Link;
import org.junit.jupiter.api.Test;

/** What a row's hash covers: every field, the previous hash, and no two rows encode alike. */
class AuditChainTest {
  private static final Link ROW =
      new Link(
          7,
          LocalDate.of(2026, 11, 21),
          Instant.parse("2026-11-21T01:02:03.456789Z"),
          "karte-01",
          List.of("chart"),
          "check",
          Optional.of("K-000123"),
          Optional.of(UUID.fromString("0f6c2a9e-4d0b-4b8e-9d53-3c1f8f1e2a77")),
          Optional.of("0123456789abcdef"),
          Optional.of("karte-7.1"),
          Optional.empty(),
          Optional.empty());

  private static byte[] hash(Link l) {
    return l.hash(AuditChain.GENESIS);
  }

  @Test
  void changingAnyFieldChangesTheHash() {
    List<UnaryOperator<Link>> edits =
        List.of(
            l -> with(l, 8, l.chainDay(), l.readAt(), l.subject(), l.roles(), l.purpose()),
            l ->
                with(
                    l,
                    7,
                    l.chainDay().plusDays(1),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose()),
            l ->
                with(
                    l,
                    7,
                    l.chainDay(),
                    l.readAt().plusNanos(1000),
                    l.subject(),
                    l.roles(),
                    l.purpose()),
            l -> with(l, 7, l.chainDay(), l.readAt(), "mallory", l.roles(), l.purpose()),
            l ->
                with(
                    l,
                    7,
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    List.of("chart", "admin"),
                    l.purpose()),
            l -> with(l, 7, l.chainDay(), l.readAt(), l.subject(), l.roles(), "diff"),
            l ->
                new Link(
                    l.seq(),
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose(),
                    Optional.of("K-000124"),
                    l.checkId(),
                    l.requestId(),
                    l.clientRequestId(),
                    l.deliveredTo(),
                    l.deskId()),
            l ->
                new Link(
                    l.seq(),
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose(),
                    l.chartPatientId(),
                    Optional.empty(),
                    l.requestId(),
                    l.clientRequestId(),
                    l.deliveredTo(),
                    l.deskId()),
            l ->
                new Link(
                    l.seq(),
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose(),
                    l.chartPatientId(),
                    l.checkId(),
                    Optional.of("fedcba9876543210"),
                    l.clientRequestId(),
                    l.deliveredTo(),
                    l.deskId()),
            l ->
                new Link(
                    l.seq(),
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose(),
                    l.chartPatientId(),
                    l.checkId(),
                    l.requestId(),
                    Optional.empty(),
                    l.deliveredTo(),
                    l.deskId()),
            l ->
                new Link(
                    l.seq(),
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose(),
                    l.chartPatientId(),
                    l.checkId(),
                    l.requestId(),
                    l.clientRequestId(),
                    Optional.of("webhook-subscription:x"),
                    l.deskId()),
            l ->
                new Link(
                    l.seq(),
                    l.chainDay(),
                    l.readAt(),
                    l.subject(),
                    l.roles(),
                    l.purpose(),
                    l.chartPatientId(),
                    l.checkId(),
                    l.requestId(),
                    l.clientRequestId(),
                    l.deliveredTo(),
                    Optional.of("uketsuke-1")));
    for (UnaryOperator<Link> edit : edits) {
      assertThat(hash(edit.apply(ROW))).isNotEqualTo(hash(ROW));
    }
    assertThat(ROW.hash(new byte[32])).isEqualTo(hash(ROW));
    byte[] otherPrev = new byte[32];
    otherPrev[31] = 1;
    assertThat(ROW.hash(otherPrev)).as("the previous hash is covered").isNotEqualTo(hash(ROW));
  }

  @Test
  void fieldsCannotBeShiftedIntoOneAnotherOrAnEmptyTextPassedForNone() {
    Link split = with(ROW, 7, ROW.chainDay(), ROW.readAt(), "karte-0", List.of("1chart"), "check");
    assertThat(hash(split)).isNotEqualTo(hash(ROW));
    Link empty =
        new Link(
            ROW.seq(),
            ROW.chainDay(),
            ROW.readAt(),
            ROW.subject(),
            ROW.roles(),
            ROW.purpose(),
            ROW.chartPatientId(),
            ROW.checkId(),
            ROW.requestId(),
            ROW.clientRequestId(),
            Optional.of(""),
            ROW.deskId());
    assertThat(hash(empty)).isNotEqualTo(hash(ROW));
  }

  private static Link with(
      Link l,
      long seq,
      LocalDate day,
      Instant at,
      String subject,
      List<String> roles,
      String purpose) {
    return new Link(
        seq,
        day,
        at,
        subject,
        roles,
        purpose,
        l.chartPatientId(),
        l.checkId(),
        l.requestId(),
        l.clientRequestId(),
        l.deliveredTo(),
        l.deskId());
  }
}
