package jp.oqsgateway.gateway.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.audit.AuditChainVerifier.Anchor;
import jp.oqsgateway.gateway.audit.AuditChainVerifier.Break;
import jp.oqsgateway.gateway.audit.AuditChainVerifier.Position;

/**
 * The state of a walk along the chain, row by row in sequence order: from the first row of the
 * range (trusting its day's anchor), or resumed at a row verified before.
 */
final class ChainWalk {
  final Map<LocalDate, Anchor> anchors;
  final Set<LocalDate> seenDays = new HashSet<>();
  final Optional<Position> resumedAt;
  Optional<Break> broken = Optional.empty();
  LocalDate day;
  Long expectedSeq;
  byte[] expectedPrev;
  Optional<Position> last;
  boolean resumedRowSeen;
  long rows;
  int days;

  ChainWalk(Map<LocalDate, Anchor> anchors, Optional<Position> resumedAt) {
    this.anchors = anchors;
    this.resumedAt = resumedAt;
    this.last = resumedAt;
    resumedAt.ifPresent(
        at -> {
          day = at.day();
          seenDays.add(at.day());
          expectedSeq = at.seq();
          expectedPrev = at.prevHash();
        });
  }

  void step(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    long seq = rs.getLong("seq");
    LocalDate rowDay = rs.getObject("chain_day", LocalDate.class);
    byte[] prev = rs.getBytes("prev_hash");
    byte[] hash = rs.getBytes("hash");
    if (!rowDay.equals(day)) {
      Anchor anchor = anchors.get(rowDay);
      if (anchor == null) {
        fail(id, seq, rowDay, "the day has no anchor (its first row or its anchor was removed)");
        return;
      }
      if (anchor.firstSeq() != seq || anchor.firstId() != id) {
        fail(
            id,
            seq,
            rowDay,
            "the day's anchor names row id "
                + anchor.firstId()
                + " (seq "
                + anchor.firstSeq()
                + ") as its first row; that row is missing or moved");
        return;
      }
      if (expectedPrev != null && !Arrays.equals(anchor.prevHash(), expectedPrev)) {
        fail(id, seq, rowDay, "the day's anchor does not continue the day before");
        return;
      }
      if (expectedPrev == null) {
        expectedPrev = anchor.prevHash(); // the first row checked: trust its anchor
      }
      day = rowDay;
      seenDays.add(rowDay);
      days++;
    }
    if (expectedSeq != null && seq != expectedSeq) {
      fail(
          id,
          seq,
          rowDay,
          seq > expectedSeq
              ? "rows are missing before it (seq " + expectedSeq + " expected)"
              : "its sequence number repeats or goes back (seq " + expectedSeq + " expected)");
      return;
    }
    if (!Arrays.equals(prev, expectedPrev)) {
      fail(id, seq, rowDay, "its previous hash is not the hash of the row before it");
      return;
    }
    if (!Arrays.equals(link(rs, seq, rowDay).hash(prev), hash)) {
      fail(id, seq, rowDay, "its content does not match its hash (the row was altered)");
      return;
    }
    if (resumedAt.isPresent() && resumedAt.get().seq() == seq) {
      if (!Arrays.equals(hash, resumedAt.get().hash())) {
        fail(id, seq, rowDay, "its hash changed since it was verified (the chain was rewritten)");
        return;
      }
      resumedRowSeen = true;
    } else {
      rows++;
    }
    expectedPrev = hash;
    expectedSeq = seq + 1;
    last = Optional.of(new Position(id, seq, rowDay, prev, hash));
  }

  /** A day anchored in the range whose rows are all gone. */
  Optional<Break> missingDays() {
    return anchors.entrySet().stream()
        .filter(a -> !seenDays.contains(a.getKey()))
        .min(Map.Entry.comparingByKey())
        .map(
            a ->
                new Break(
                    a.getValue().firstId(),
                    Optional.of(a.getValue().firstSeq()),
                    Optional.of(a.getKey()),
                    "the day is anchored but none of its rows is left"));
  }

  private void fail(long id, long seq, LocalDate rowDay, String reason) {
    broken = Optional.of(new Break(id, Optional.of(seq), Optional.of(rowDay), reason));
  }

  private static AuditChain.Link link(ResultSet rs, long seq, LocalDate day) throws SQLException {
    Array roles = rs.getArray("roles");
    return new AuditChain.Link(
        seq,
        day,
        rs.getObject("read_at", OffsetDateTime.class).toInstant(),
        rs.getString("subject"),
        roles == null ? List.of() : List.of((String[]) roles.getArray()),
        rs.getString("purpose"),
        Optional.ofNullable(rs.getString("chart_patient_id")),
        Optional.ofNullable(rs.getObject("check_id", UUID.class)),
        Optional.ofNullable(rs.getString("request_id")),
        Optional.ofNullable(rs.getString("client_request_id")),
        Optional.ofNullable(rs.getString("delivered_to")),
        Optional.ofNullable(rs.getString("desk_id")));
  }
}
