package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the exchange folders and the file link (docs/OQS-LINK.md). */
public final class LinkSettings {
  private LinkSettings() {}

  /**
   * The shortest answer deadline accepted. OQS-PROTOCOL.md §3 advises 60 s or more for production
   * (an inference, not a published figure); shorter deadlines exist for tests and drills of the
   * timeout paths.
   */
  private static final Duration MIN_LINK_TIMEOUT = Duration.ofSeconds(10);

  public static final Setting<String> OQS_ROOT =
      new Setting<>(
          "oqs.root",
          "var/oqs",
          "Folder shared with the 資格確認端末 holding req/, res/ and face/ (relative to the gateway"
              + " home).",
          Parsers.text());
  public static final Setting<Boolean> OQS_CREATE_FOLDERS =
      new Setting<>(
          "oqs.create-folders",
          "false",
          "Create req/, res/ and face/ under oqs.root when missing. Off in production: a missing"
              + " folder usually means the terminal's share is not mounted, and writing into a local"
              + " stand-in would lose requests. The demo and the simulator turn it on.",
          Parsers.bool());
  public static final Setting<Integer> OQS_MIN_FREE_MB =
      new Setting<>(
          "oqs.min-free-mb",
          "200",
          "Free disk space below which the exchange folders are reported down, in MiB.",
          Parsers.integer(1, 1024 * 1024));
  public static final Setting<String> OQS_REQ_DIR =
      new Setting<>(
          "oqs.req-dir",
          "",
          "Folder the terminal takes requests from. Empty: req/ under oqs.root.",
          Parsers.text());
  public static final Setting<String> OQS_RES_DIR =
      new Setting<>(
          "oqs.res-dir",
          "",
          "Folder the terminal writes results into. Empty: res/ under oqs.root.",
          Parsers.text());
  public static final Setting<String> OQS_FACE_DIR =
      new Setting<>(
          "oqs.face-dir",
          "",
          "Folder of the face-recognition reader's results. Empty: face/ under oqs.root.",
          Parsers.text());
  public static final Setting<String> OQS_ARCHIVE_DIR =
      new Setting<>(
          "oqs.archive-dir",
          "",
          "Where result and face files the gateway matched are moved after processing. Empty: they"
              + " stay in place (required when a chart system also reads them).",
          Parsers.text());
  public static final Setting<String> OQS_INSTITUTION_CODE =
      new Setting<>(
          "oqs.institution-code",
          "",
          "The clinic's 10-digit 医療機関コード (MedicalInstitutionCode): written into requests,"
              + " checked in results, used by the liveness probe and the simulator.",
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !s.matches("\\d{10}")) {
              throw new IllegalArgumentException("must be 10 digits, got '" + raw + "'");
            }
            return s;
          });
  public static final Setting<String> OQS_TIME_ZONE =
      new Setting<>(
          "oqs.time-zone",
          "Asia/Tokyo",
          "Time zone of request-file dates and face-file timestamps.",
          raw -> {
            try {
              return ZoneId.of(raw.trim()).getId();
            } catch (DateTimeException e) {
              throw new IllegalArgumentException("must be a time zone such as Asia/Tokyo");
            }
          });
  public static final Setting<String> OQS_REQUEST_ENCODING =
      new Setting<>(
          "oqs.request-encoding",
          "Shift_JIS",
          "Encoding of the request files the gateway writes (the terminal reads both); text it cannot"
              + " carry is refused before anything is written, naming the field.",
          Parsers.oneOf("Shift_JIS", "UTF-8"));
  public static final Setting<Duration> OQS_LINK_TIMEOUT =
      new Setting<>(
          "oqs.link.timeout",
          "120s",
          "How long an exchange may wait for its answer (at least 10s; keep 60s or more in"
              + " production, OQS answers slowly under load); then it fails (never picked up) or"
              + " ends OUTCOME_UNKNOWN (picked up).",
          Parsers.atLeast(MIN_LINK_TIMEOUT));
  public static final Setting<Map<RequestKind, Duration>> OQS_LINK_TIMEOUTS =
      new Setting<>(
          "oqs.link.timeouts",
          "",
          "Per-kind answer deadlines overriding oqs.link.timeout, e.g. muhvq02=300s,siquc01=90s"
              + " (kinds: siquc01, sihvq01, muquc01, muquc02, siimm01, muimm01/02, muhvq01/02, muonq01/02,"
              + " mutic01/02, yzksiquc01, tkksiquc01).",
          LinkSettings::kindDurations);
  public static final Setting<Duration> OQS_LINK_PICKUP_THRESHOLD =
      new Setting<>(
          "oqs.link.pickup-threshold",
          "15s",
          "A request still in req/ after this long means the terminal's link program is not"
              + " running: the link is reported down until the next pickup.",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_SCAN_INTERVAL =
      new Setting<>(
          "oqs.link.scan-interval",
          "2s",
          "Periodic scan of req/, res/ and face/, the safety net under file-system notifications.",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_STABLE_DELAY =
      new Setting<>(
          "oqs.link.stable-delay",
          "300ms",
          "A result or face file that does not yet parse as a complete XML document (still"
              + " being written), and every zip, PDF or .err, is read only when two reads this far"
              + " apart agree (size and SHA-256); a complete result or face XML is read at once"
              + " (oqs.link.accept-complete-at-once).",
          Parsers.duration());
  public static final Setting<Boolean> OQS_LINK_ACCEPT_COMPLETE_AT_ONCE =
      new Setting<>(
          "oqs.link.accept-complete-at-once",
          "true",
          "Hand on a result or face XML that parses as a complete document at its first"
              + " read, without waiting oqs.link.stable-delay: a document with one root element"
              + " parses only once that root's end tag is written. false: every file waits for two"
              + " agreeing reads. Only for a terminal that writes a document in place and adds"
              + " white space or a comment after it in a later write: each addition changes the"
              + " file's hash, so the file is read again (a result counted as duplicate, a face"
              + " file delivered twice).",
          Parsers.bool());
  public static final Setting<Duration> OQS_LINK_BULK_REASK_INTERVAL =
      new Setting<>(
          "oqs.link.bulk-reask-interval",
          "10s",
          "Wait before asking again for a bulk result answered SegmentOfResult=2 (still"
              + " processing).",
          Parsers.duration());
  public static final Setting<Integer> OQS_LINK_BULK_REASK_MAX =
      new Setting<>(
          "oqs.link.bulk-reask-max",
          "3",
          "Re-asks for a still-processing bulk result before the exchange fails.",
          Parsers.integer(0, 100));
  public static final Setting<Duration> OQS_LINK_FACE_MAX_AGE =
      new Setting<>(
          "oqs.link.face-max-age",
          "12h",
          "Face files whose name timestamp is older than this when first seen are skipped, never"
              + " handed on.",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_PROBE_IDLE =
      new Setting<>(
          "oqs.link.probe-idle",
          "0s",
          "When positive (e.g. 5m) and oqs.institution-code is set, a harmless probe (bulk download"
              + " for ReceptionNumber 00000000000000000000) is sent after this long without"
              + " requests, so a dead link program is noticed while idle. 0s: off.",
          Parsers.duration());
  public static final Setting<Integer> OQS_LINK_SCAN_BUDGET_MB =
      new Setting<>(
          "oqs.link.scan-budget-mb",
          "64",
          "Most MiB one scan reads from res/ and face/ together; files beyond it wait for the next"
              + " scan, so a flood of files cannot exhaust the heap (the first file of a scan is"
              + " always read, up to the 32 MiB result limit). The parsed results a scan keeps for"
              + " handling count too (64 bytes an element); those it cannot keep are parsed again"
              + " when handled, one at a time.",
          Parsers.integer(1, 1024));

  public static final Setting<Boolean> OQS_LINK_EXTENDED_REQUEST_NAMES =
      new Setting<>(
          "oqs.link.extended-request-names",
          "true",
          "Request file names carry yyyyMMdd and a 4-digit number, 9,999 a day. true: the day's"
              + " 10,000th request and later are named yyMMdd and a 6-digit number from 010000"
              + " (still 12 digits, up to 999,999 a day); false: they are refused"
              + " (REQUEST_NUMBERS_USED_UP). That the terminal accepts the second form is"
              + " believed, not confirmed (docs/OQS-PROTOCOL.md §1.2).",
          Parsers.bool());

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          OQS_ROOT,
          OQS_CREATE_FOLDERS,
          OQS_MIN_FREE_MB,
          OQS_REQ_DIR,
          OQS_RES_DIR,
          OQS_FACE_DIR,
          OQS_ARCHIVE_DIR,
          OQS_INSTITUTION_CODE,
          OQS_TIME_ZONE,
          OQS_REQUEST_ENCODING,
          OQS_LINK_TIMEOUT,
          OQS_LINK_TIMEOUTS,
          OQS_LINK_PICKUP_THRESHOLD,
          OQS_LINK_SCAN_INTERVAL,
          OQS_LINK_STABLE_DELAY,
          OQS_LINK_ACCEPT_COMPLETE_AT_ONCE,
          OQS_LINK_BULK_REASK_INTERVAL,
          OQS_LINK_BULK_REASK_MAX,
          OQS_LINK_FACE_MAX_AGE,
          OQS_LINK_PROBE_IDLE,
          OQS_LINK_SCAN_BUDGET_MB,
          OQS_LINK_EXTENDED_REQUEST_NAMES);

  /** {@code kind=duration} pairs separated by commas; kinds as in {@link RequestKind#label()}. */
  private static Map<RequestKind, Duration> kindDurations(String raw) {
    Map<RequestKind, Duration> map = new EnumMap<>(RequestKind.class);
    for (String part : raw.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "must be kind=duration pairs, got '" + part.trim() + "'");
      }
      RequestKind kind = null;
      for (RequestKind k : RequestKind.values()) {
        if (k.label().equals(kv[0].trim().toLowerCase(Locale.ROOT))) {
          kind = k;
        }
      }
      if (kind == null) {
        throw new IllegalArgumentException("unknown request kind '" + kv[0].trim() + "'");
      }
      map.put(kind, Parsers.atLeast(MIN_LINK_TIMEOUT).apply(kv[1]));
    }
    return map;
  }

  /** The shared folder; relative paths resolve against {@code home}. */
  public static ExchangeFoldersConfig folders(ConfigSource src, Path home) {
    return new ExchangeFoldersConfig(
        home.resolve(src.get(OQS_ROOT)).normalize(),
        src.get(OQS_CREATE_FOLDERS),
        src.get(OQS_MIN_FREE_MB) * 1024L * 1024L);
  }

  /** The link; folders not configured lie under {@code root}, the others resolve against home. */
  public static OqsLinkConfig link(ConfigSource src, Path home, Path root) {
    String archive = src.get(OQS_ARCHIVE_DIR);
    return new OqsLinkConfig(
        folder(home, root, src.get(OQS_REQ_DIR), "req"),
        folder(home, root, src.get(OQS_RES_DIR), "res"),
        folder(home, root, src.get(OQS_FACE_DIR), "face"),
        archive.isEmpty() ? Optional.empty() : Optional.of(home.resolve(archive).normalize()),
        src.get(OQS_INSTITUTION_CODE),
        ZoneId.of(src.get(OQS_TIME_ZONE)),
        OqsCharset.fromDeclared(src.get(OQS_REQUEST_ENCODING)),
        src.get(OQS_LINK_TIMEOUT),
        src.get(OQS_LINK_TIMEOUTS),
        src.get(OQS_LINK_PICKUP_THRESHOLD),
        src.get(OQS_LINK_SCAN_INTERVAL),
        src.get(OQS_LINK_STABLE_DELAY),
        src.get(OQS_LINK_BULK_REASK_INTERVAL),
        src.get(OQS_LINK_BULK_REASK_MAX),
        src.get(OQS_LINK_FACE_MAX_AGE),
        src.get(OQS_LINK_PROBE_IDLE),
        src.get(OQS_LINK_SCAN_BUDGET_MB),
        src.get(OQS_LINK_ACCEPT_COMPLETE_AT_ONCE),
        src.get(OQS_LINK_EXTENDED_REQUEST_NAMES));
  }

  private static Path folder(Path home, Path root, String configured, String defaultName) {
    return configured.isEmpty() ? root.resolve(defaultName) : home.resolve(configured).normalize();
  }
}
