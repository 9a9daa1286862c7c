package jp.oqsgateway.gateway.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Recomputes the hash chain of {@code audit_read} ({@link AuditChain}) over a range of days and
 * names the first broken link: a row whose content no longer matches its hash (edited), a row whose
 * previous hash is not its predecessor's hash or whose sequence number skips (a row before it was
 * deleted or inserted), a day whose anchor is missing or does not continue the day before, an
 * anchored first row that is gone, a row written after the chain began that carries no link.
 *
 * <p>Blocking JDBC: for the command line ({@code oqsgw audit verify}), never an event loop.
 */
public final class AuditChainVerifier {
  /** Where the chain breaks. */
  public record Break(long rowId, Optional<Long> seq, Optional<LocalDate> day, String reason) {
    @Override
    public String toString() {
      String where =
          seq.isPresent() && day.isPresent() ? " (seq " + seq.get() + ", " + day.get() + ")" : "";
      return "row id " + rowId + where + ": " + reason;
    }
  }

  /**
   * The outcome: the first break if any, the rows and days checked, and the hash of the last row
   * checked (worth writing down outside the database: a copy kept elsewhere is what shows the
   * newest rows were not cut off or rewritten).
   */
  public record Result(
      Optional<Break> firstBreak,
      long rowsChecked,
      int daysChecked,
      Optional<Long> lastSeq,
      Optional<String> lastHashHex) {
    public boolean intact() {
      return firstBreak.isEmpty();
    }
  }

  private record Anchor(long firstSeq, long firstId, byte[] prevHash) {}

  private static final int FETCH = 1000;

  private AuditChainVerifier() {}

  /** Verifies the days from {@code from} to {@code to} (inclusive; empty = open). */
  public static Result verify(Connection c, Optional<LocalDate> from, Optional<LocalDate> to)
      throws SQLException {
    Optional<Break> unlinked = unlinkedRow(c, from, to);
    Map<LocalDate, Anchor> anchors = anchors(c, from, to);
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // a cursor, so a large table is streamed
    try (PreparedStatement rows =
        c.prepareStatement(
            "select id, seq, chain_day, read_at, subject, roles, purpose, chart_patient_id,"
                + " check_id, request_id, client_request_id, delivered_to, desk_id, prev_hash,"
                + " hash from audit_read where seq is not null"
                + " and (?::date is null or chain_day >= ?::date)"
                + " and (?::date is null or chain_day <= ?::date) order by seq")) {
      bindDays(rows, from, to);
      rows.setFetchSize(FETCH);
      Walk walk = new Walk(anchors);
      try (ResultSet rs = rows.executeQuery()) {
        while (rs.next() && walk.broken.isEmpty()) {
          walk.step(rs);
        }
      }
      Optional<Break> found = walk.broken.or(walk::missingDays).or(() -> unlinked);
      return new Result(
          found,
          walk.rows,
          walk.days,
          walk.lastSeq,
          walk.expectedPrev == null
              ? Optional.empty()
              : Optional.of(HexFormat.of().formatHex(walk.expectedPrev)));
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  /** The state of a walk along the chain, row by row in sequence order. */
  private static final class Walk {
    final Map<LocalDate, Anchor> anchors;
    final Set<LocalDate> seenDays = new HashSet<>();
    Optional<Break> broken = Optional.empty();
    LocalDate day;
    Long expectedSeq;
    byte[] expectedPrev;
    Optional<Long> lastSeq = Optional.empty();
    long rows;
    int days;

    Walk(Map<LocalDate, Anchor> anchors) {
      this.anchors = anchors;
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
      expectedPrev = hash;
      expectedSeq = seq + 1;
      lastSeq = Optional.of(seq);
      rows++;
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

  private static Map<LocalDate, Anchor> anchors(
      Connection c, Optional<LocalDate> from, Optional<LocalDate> to) throws SQLException {
    Map<LocalDate, Anchor> anchors = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select chain_day, first_seq, first_id, prev_hash from audit_chain_anchor"
                + " where (?::date is null or chain_day >= ?::date)"
                + " and (?::date is null or chain_day <= ?::date)")) {
      bindDays(s, from, to);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          anchors.put(
              rs.getObject("chain_day", LocalDate.class),
              new Anchor(
                  rs.getLong("first_seq"), rs.getLong("first_id"), rs.getBytes("prev_hash")));
        }
      }
    }
    return anchors;
  }

  /** Binds the four {@code ?} of "{@code (? is null or day >= ?) and (? is null or day <= ?)}". */
  private static void bindDays(
      PreparedStatement s, Optional<LocalDate> from, Optional<LocalDate> to) throws SQLException {
    s.setObject(1, from.orElse(null));
    s.setObject(2, from.orElse(null));
    s.setObject(3, to.orElse(null));
    s.setObject(4, to.orElse(null));
  }

  /**
   * A row written after the chain began (a higher id than the first anchored row) but unchained.
   */
  private static Optional<Break> unlinkedRow(
      Connection c, Optional<LocalDate> from, Optional<LocalDate> to) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select id from audit_read where seq is null"
                + " and id > (select coalesce(min(first_id), 9223372036854775807)"
                + " from audit_chain_anchor)"
                + " and (?::date is null or read_at >= ?::date)"
                + " and (?::date is null or read_at < ?::date + 1) order by id limit 1")) {
      bindDays(s, from, to);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Break(
                    rs.getLong("id"),
                    Optional.empty(),
                    Optional.empty(),
                    "written after the chain began but carries no link (its link was removed)"))
            : Optional.empty();
      }
    }
  }
}
