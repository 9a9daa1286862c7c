package jp.oqsgateway.gateway.oqs.codes;

import java.util.Objects;
import java.util.Optional;

/**
 * A code as it appeared in a file: the raw string, and the table value when the table knows it. A
 * newer terminal may send codes this build does not know; they are kept, never a parse failure, and
 * {@link #isKnown()} tells the validator and the UI to report them.
 */
public record Coded<E extends Enum<E> & OqsCode>(String raw, Optional<E> value) {

  public Coded {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(value, "value");
  }

  /** A known value. */
  public static <E extends Enum<E> & OqsCode> Coded<E> of(E value) {
    return new Coded<>(value.code(), Optional.of(value));
  }

  /** Looks the raw code up in the enum {@code type}; unknown codes are kept as such. */
  public static <E extends Enum<E> & OqsCode> Coded<E> parse(Class<E> type, String raw) {
    return new Coded<>(raw, OqsCode.find(type.getEnumConstants(), raw));
  }

  public boolean isKnown() {
    return value.isPresent();
  }

  /** The Japanese label, absent for unknown codes. */
  public Optional<String> label() {
    return value.map(OqsCode::label);
  }

  /** True when this is exactly {@code candidate}. */
  public boolean is(E candidate) {
    return value.isPresent() && value.get() == candidate;
  }
}
