package jp.oqsgateway.gateway.oqs.link;

import java.util.Locale;
import java.util.Optional;

/**
 * The request files the link writes (OQS-PROTOCOL.md §1.2), by their fixed file-name head. Bulk
 * operations come in two phases: phase 1 uploads and is answered with a {@code ReceptionNumber};
 * phase 2 downloads the result by that number and may be answered "still processing" ({@code
 * SegmentOfResult=2}) or as a {@code .zip}.
 */
public enum RequestKind {
  SIQUC01("OQSsiquc01", 0),
  /**
   * Home-visit re-inquiry (再照会): the prefix is known, the layout reconstructed (OQS-PROTOCOL.md
   * §2.7, {@code SingleCheckRequest}); exchanged exactly like {@link #SIQUC01}.
   */
  SIHVQ01("OQSsihvq01", 0),
  MUQUC01("OQSmuquc01", 1),
  MUQUC02("OQSmuquc02", 2),
  SIIMM01("OQSsiimm01", 0),
  MUIMM01("OQSmuimm01", 1),
  MUIMM02("OQSmuimm02", 2),
  MUHVQ01("OQSmuhvq01", 1),
  MUHVQ02("OQSmuhvq02", 2),
  MUONQ01("OQSmuonq01", 1),
  MUONQ02("OQSmuonq02", 2),
  MUTIC01("OQSmutic01", 1),
  MUTIC02("OQSmutic02", 2),
  YZKSIQUC01("YZKsiquc01", 0),
  TKKSIQUC01("TKKsiquc01", 0);

  private final String prefix;
  private final int phase;

  RequestKind(String prefix, int phase) {
    this.prefix = prefix;
    this.phase = phase;
  }

  /** The file-name head, e.g. {@code OQSsiquc01}. */
  public String prefix() {
    return prefix;
  }

  /** True for the download phase of a bulk operation (carries a ReceptionNumber). */
  public boolean bulkPhase2() {
    return phase == 2;
  }

  /** True for the upload phase of a bulk operation (answered with a ReceptionNumber). */
  public boolean bulkPhase1() {
    return phase == 1;
  }

  /** {@code OQSsiquc01req_<suffix>.xml}. */
  public String requestFileName(String suffix) {
    return prefix + "req_" + suffix + ".xml";
  }

  /** Head of the result file name, e.g. {@code OQSmuquc02res}. */
  public String resultPrefix() {
    return prefix + "res";
  }

  /** Bounded metric label. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind whose request or result file name starts with its prefix. */
  public static Optional<RequestKind> ofFileName(String fileName) {
    for (RequestKind k : values()) {
      if (fileName.startsWith(k.prefix + "req_") || fileName.startsWith(k.prefix + "res_")) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
