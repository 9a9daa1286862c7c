package jp.oqsgateway.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Recomputes the hash chain of {@code audit_read} ({@link AuditChain}) over a range of days and
 * names the first broken link: a row whose content no longer matches its hash (edited), a row whose
 * previous hash is not its predecessor's hash or whose sequence number skips (a row before it was
 * deleted or inserted), a day whose anchor is missing or does not continue the day before, an
 * anchored first row that is gone, a row written after the chain began that carries no link.
 *
 * <p>Blocking JDBC: for the command line ({@code oqsgw audit verify}) and the gateway's own watch
 * ({@link AuditChainWatch}, on a worker thread), never an event loop.
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
   * The newest row a verification found intact, where the next one may resume ({@link
   * #verifyFrom}).
   *
   * @param prevHash the row's previous hash, as verified
   * @param hash the row's own hash, as verified
   */
  public record Position(long rowId, long seq, LocalDate day, byte[] prevHash, byte[] hash) {}

  /**
   * The outcome: the first break if any, the rows and days checked, and the last row checked
   * intact. Its hash is worth writing down outside the database: a copy kept elsewhere is what
   * shows the newest rows were not cut off or rewritten.
   */
  public record Result(
      Optional<Break> firstBreak, long rowsChecked, int daysChecked, Optional<Position> last) {
    public boolean intact() {
      return firstBreak.isEmpty();
    }

    public Optional<Long> lastSeq() {
      return last.map(Position::seq);
    }

    public Optional<String> lastHashHex() {
      return last.map(p -> HexFormat.of().formatHex(p.hash()));
    }
  }

  /** A day's anchor: its first row and the hash that row continues from. */
  record Anchor(long firstSeq, long firstId, byte[] prevHash) {}

  private static final int FETCH = 1000;

  private AuditChainVerifier() {}

  /** Verifies the days from {@code from} to {@code to} (inclusive; empty = open). */
  public static Result verify(Connection c, Optional<LocalDate> from, Optional<LocalDate> to)
      throws SQLException {
    return inOneSnapshot(
        c,
        () -> {
          Optional<Break> unlinked = unlinkedRow(c, from, to);
          ChainWalk walk = new ChainWalk(anchors(c, from, to), Optional.empty());
          return walk(
              c,
              walk,
              " and (?::date is null or chain_day >= ?::date)"
                  + " and (?::date is null or chain_day <= ?::date)",
              s -> bindDays(s, from, to),
              unlinked);
        });
  }

  /**
   * Verifies the chain from {@code after} on: that row again (it must still be there, with the hash
   * it had), then every row written since, with the anchors of the days they open. Reads only those
   * rows (by the index on {@code seq}), so a watch that resumes where it stopped reads each row
   * about once. What lies before {@code after} is trusted: a full {@link #verify} checks it.
   */
  public static Result verifyFrom(Connection c, Position after) throws SQLException {
    return inOneSnapshot(
        c,
        () -> {
          Optional<Break> unlinked = unlinkedAfter(c, after.rowId());
          ChainWalk walk =
              new ChainWalk(
                  anchors(c, Optional.of(after.day()), Optional.empty()), Optional.of(after));
          Result result = walk(c, walk, " and seq >= ?", s -> s.setLong(1, after.seq()), unlinked);
          if (result.intact() && !walk.resumedRowSeen) {
            return new Result(
                Optional.of(
                    new Break(
                        after.rowId(),
                        Optional.of(after.seq()),
                        Optional.of(after.day()),
                        "the newest row verified before is gone (rows were removed from the end)")),
                0,
                0,
                Optional.of(after));
          }
          return result;
        });
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private interface Reading {
    Result read() throws SQLException;
  }

  /**
   * Runs every query of a verification in one read-only repeatable-read transaction: one snapshot,
   * so a row and the anchor a writer commits with it are seen together or not at all, and no lock a
   * writer waits for (readers never block writers under MVCC; the writers' advisory lock is not
   * taken).
   */
  private static Result inOneSnapshot(Connection c, Reading reading) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    if (!autoCommit) {
      c.rollback();
    }
    c.setAutoCommit(false); // also lets the cursor stream a large table
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    try {
      return reading.read();
    } finally {
      c.rollback();
      c.setReadOnly(false);
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(autoCommit);
    }
  }

  private static Result walk(
      Connection c, ChainWalk walk, String where, Binder binder, Optional<Break> unlinked)
      throws SQLException {
    try (PreparedStatement rows =
        c.prepareStatement(
            "select id, seq, chain_day, read_at, subject, roles, purpose, chart_patient_id,"
                + " check_id, request_id, client_request_id, delivered_to, desk_id, prev_hash,"
                + " hash from audit_read where seq is not null"
                + where
                + " order by seq")) {
      binder.bind(rows);
      rows.setFetchSize(FETCH);
      try (ResultSet rs = rows.executeQuery()) {
        while (rs.next() && walk.broken.isEmpty()) {
          walk.step(rs);
        }
      }
      Optional<Break> found = walk.broken.or(walk::missingDays).or(() -> unlinked);
      return new Result(found, walk.rows, walk.days, walk.last);
    }
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

  /** A row after {@code rowId} without a link (found by the primary key, not by a scan). */
  private static Optional<Break> unlinkedAfter(Connection c, long rowId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select id from audit_read where id > ? and seq is null order by id limit 1")) {
      s.setLong(1, rowId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(unlinked(rs.getLong("id"))) : Optional.empty();
      }
    }
  }

  private static Break unlinked(long rowId) {
    return new Break(
        rowId,
        Optional.empty(),
        Optional.empty(),
        "written after the chain began but carries no link (its link was removed)");
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
        return rs.next() ? Optional.of(unlinked(rs.getLong("id"))) : Optional.empty();
      }
    }
  }
}
