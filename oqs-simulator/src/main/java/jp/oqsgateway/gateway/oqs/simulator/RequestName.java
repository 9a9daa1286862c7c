package jp.oqsgateway.gateway.oqs.simulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request file name {@code <kind>req_<suffix>.xml} (OQS-PROTOCOL.md §1.2) and the result name the
 * terminal gives its answer ({@code req_} → {@code res_}).
 */
record RequestName(String fileName, String kind, String suffix) {
  private static final Pattern REQUEST =
      Pattern.compile("^([A-Z]{3}[a-z]{5}[0-9]{2})req_([^./\\\\]+)\\.xml$");

  static Optional<RequestName> parse(String fileName) {
    Matcher m = REQUEST.matcher(fileName);
    return m.matches()
        ? Optional.of(new RequestName(fileName, m.group(1), m.group(2)))
        : Optional.empty();
  }

  /** The kind without its phase digits: {@code OQSmuquc02} → {@code OQSmuquc}. */
  String family() {
    return kind.substring(0, kind.length() - 2);
  }

  boolean isDrugOrCheckup() {
    return kind.startsWith("YZK") || kind.startsWith("TKK");
  }

  String resultName(String extension) {
    return kind + "res_" + suffix + extension;
  }

  /** The {@code .err} artefact's name: the request's base name with {@code .err} [I: §1.6]. */
  String errName() {
    return kind + "req_" + suffix + ".err";
  }
}
