package jp.oqsgateway.gateway.oqs.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One element of an OQS document: name, text and children in document order. OQS files have no
 * attributes, namespaces or mixed content that matters, so this is the whole model; unknown
 * elements are simply kept as children, so nothing a newer terminal sends is lost.
 *
 * @param text the element's own character data, untrimmed ("" when none)
 * @param line 1-based line of the start tag in the source, 0 for built documents
 */
public record XmlElement(String name, String text, List<XmlElement> children, int line) {

  public XmlElement {
    children = List.copyOf(children);
  }

  /** A leaf with text, for building documents. */
  public static XmlElement leaf(String name, String text) {
    return new XmlElement(name, text == null ? "" : text, List.of(), 0);
  }

  /** A container, for building documents; null children are skipped (absent optional fields). */
  public static XmlElement of(String name, XmlElement... children) {
    List<XmlElement> kept = new ArrayList<>();
    for (XmlElement c : children) {
      if (c != null) {
        kept.add(c);
      }
    }
    return new XmlElement(name, "", kept, 0);
  }

  public static XmlElement of(String name, List<XmlElement> children) {
    return of(name, children.toArray(XmlElement[]::new));
  }

  /** The first child of that name. */
  public Optional<XmlElement> child(String childName) {
    for (XmlElement c : children) {
      if (c.name.equals(childName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** All children of that name, in document order. */
  public List<XmlElement> children(String childName) {
    List<XmlElement> found = new ArrayList<>();
    for (XmlElement c : children) {
      if (c.name.equals(childName)) {
        found.add(c);
      }
    }
    return found;
  }

  /**
   * The text of a child, with surrounding ASCII whitespace removed; an empty or missing element is
   * absent (OQS writes empty elements for "not applicable"). Full-width spaces inside names are
   * kept; leading spaces of space-padded insurer numbers are trimmed here, callers that need the
   * raw form use {@link #rawText(String)}.
   */
  public Optional<String> text(String childName) {
    return child(childName).map(XmlElement::trimmedText).filter(s -> !s.isEmpty());
  }

  /** The untrimmed text of a child, if the child exists. */
  public Optional<String> rawText(String childName) {
    return child(childName).map(XmlElement::text);
  }

  public String trimmedText() {
    int start = 0;
    int end = text.length();
    while (start < end && isAsciiSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** Follows a path of child names, e.g. {@code at("MessageHeader", "SegmentOfResult")}. */
  public Optional<XmlElement> at(String... path) {
    Optional<XmlElement> current = Optional.of(this);
    for (String step : path) {
      current = current.flatMap(e -> e.child(step));
    }
    return current;
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
