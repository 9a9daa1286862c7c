package jp.oqsgateway.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.audit.AuditChain.Link;
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
    List<Link> edited =
        List.of(
            with(ROW, "seq", 8L),
            with(ROW, "chainDay", ROW.chainDay().plusDays(1)),
            with(ROW, "readAt", ROW.readAt().plusNanos(1000)),
            with(ROW, "subject", "mallory"),
            with(ROW, "roles", List.of("chart", "admin")),
            with(ROW, "purpose", "diff"),
            with(ROW, "chartPatientId", Optional.of("K-000124")),
            with(ROW, "checkId", Optional.empty()),
            with(ROW, "requestId", Optional.of("fedcba9876543210")),
            with(ROW, "clientRequestId", Optional.empty()),
            with(ROW, "deliveredTo", Optional.of("webhook-subscription:x")),
            with(ROW, "deskId", Optional.of("uketsuke-1")));
    for (Link edit : edited) {
      assertThat(hash(edit)).isNotEqualTo(hash(ROW));
    }
    assertThat(ROW.hash(new byte[32])).isEqualTo(hash(ROW));
    byte[] otherPrev = new byte[32];
    otherPrev[31] = 1;
    assertThat(ROW.hash(otherPrev)).as("the previous hash is covered").isNotEqualTo(hash(ROW));
  }

  @Test
  void fieldsCannotBeShiftedIntoOneAnotherOrAnEmptyTextPassedForNone() {
    Link split = with(with(ROW, "subject", "karte-0"), "roles", List.of("1chart"));
    assertThat(hash(split)).isNotEqualTo(hash(ROW));
    Link empty = with(ROW, "deliveredTo", Optional.of(""));
    assertThat(hash(empty)).isNotEqualTo(hash(ROW));
  }

  /** A copy of {@code l} with the named component replaced (the name must be one of Link's). */
  private static Link with(Link l, String component, Object value) {
    RecordComponent[] components = Link.class.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    boolean found = false;
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        if (components[i].getName().equals(component)) {
          args[i] = value;
          found = true;
        } else {
          args[i] = components[i].getAccessor().invoke(l);
        }
      }
      if (!found) {
        throw new IllegalArgumentException("Link has no component " + component);
      }
      return Link.class.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
