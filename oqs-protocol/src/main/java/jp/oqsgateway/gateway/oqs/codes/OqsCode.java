package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** A value of one of the OQS code tables (OQS-PROTOCOL.md §3): its wire code and Japanese label. */
public interface OqsCode {
  /** The code as written in the XML, e.g. {@code "01"}. */
  String code();

  /** The Japanese label staff see, e.g. 無効. */
  String label();

  OqsCodeTable table();

  /** The value of {@code values} whose code is {@code code}. */
  static <E extends OqsCode> Optional<E> find(E[] values, String code) {
    for (E value : values) {
      if (value.code().equals(code)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
