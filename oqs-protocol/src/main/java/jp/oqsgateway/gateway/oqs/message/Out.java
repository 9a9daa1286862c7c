package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** Builds one element's children in specification order; absent optionals are left out. */
final class Out {
  private final List<XmlElement> children = new ArrayList<>();

  Out text(String name, String value) {
    if (value != null) {
      children.add(XmlElement.leaf(name, value));
    }
    return this;
  }

  Out text(String name, Optional<String> value) {
    return text(name, value.orElse(null));
  }

  /** Writes the element even when absent, as an empty element. */
  Out textOrEmpty(String name, Optional<String> value) {
    return text(name, value.orElse(""));
  }

  Out date(String name, LocalDate value) {
    return value == null ? this : text(name, OqsFormats.date(value));
  }

  Out date(String name, Optional<LocalDate> value) {
    return date(name, value.orElse(null));
  }

  Out dateTime(String name, Optional<LocalDateTime> value) {
    return text(name, value.map(OqsFormats::dateTime));
  }

  Out month(String name, Optional<YearMonth> value) {
    return text(name, value.map(OqsFormats::month));
  }

  Out ratio(String name, Optional<Integer> value) {
    return text(name, value.map(OqsFormats::ratio));
  }

  Out count(String name, Optional<Integer> value) {
    return text(name, value.map(String::valueOf));
  }

  Out code(String name, Coded<?> value) {
    return value == null ? this : text(name, value.raw());
  }

  Out code(String name, Optional<? extends Coded<?>> value) {
    return code(name, value.orElse(null));
  }

  Out insurer(String name, InsurerNumber value) {
    return value == null ? this : text(name, value.wire());
  }

  Out insurer(String name, Optional<InsurerNumber> value) {
    return insurer(name, value.orElse(null));
  }

  Out add(XmlElement element) {
    if (element != null) {
      children.add(element);
    }
    return this;
  }

  Out addAll(List<XmlElement> elements) {
    children.addAll(elements);
    return this;
  }

  XmlElement build(String name) {
    return XmlElement.of(name, children);
  }

  /** The built element, or null when it would be empty (so optional containers disappear). */
  XmlElement buildOrNull(String name) {
    return children.isEmpty() ? null : build(name);
  }
}
