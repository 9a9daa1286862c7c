package jp.oqsgateway.gateway.oqs.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** Helpers over element trees. */
final class Trees {
  private Trees() {}

  /**
   * The element as it would be built: no source lines, no indentation text in containers. Makes
   * kept trees compare equal to built ones.
   */
  static XmlElement normalize(XmlElement e) {
    if (e.children().isEmpty()) {
      return new XmlElement(e.name(), e.text(), List.of(), 0);
    }
    List<XmlElement> children = new ArrayList<>();
    for (XmlElement c : e.children()) {
      children.add(normalize(c));
    }
    return new XmlElement(e.name(), "", children, 0);
  }

  /** The first descendant (depth first, document order) with that name and non-blank text. */
  static Optional<String> firstText(XmlElement e, String name) {
    for (XmlElement c : e.children()) {
      if (c.name().equals(name) && !c.trimmedText().isEmpty()) {
        return Optional.of(c.trimmedText());
      }
      Optional<String> deeper = firstText(c, name);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }
}
