package jp.oqsgateway.gateway.oqs.message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * State of one decoding: strict (the first broken rule throws) or lenient (every broken rule is
 * collected, placeholders stand in for missing values so decoding goes on; used by the validator).
 * Also remembers which children each visited element used, to report the others as unknown.
 */
final class DecodeContext {
  private final String file;
  private final boolean lenient;
  private final List<FormatIssue> issues = new ArrayList<>();
  private final List<Node> visited = new ArrayList<>();

  DecodeContext(String file, boolean lenient) {
    this.file = file;
    this.lenient = lenient;
  }

  boolean lenient() {
    return lenient;
  }

  void fail(String path, String rule) throws OqsFormatException {
    if (!lenient) {
      throw new OqsFormatException(file, path, rule);
    }
    issues.add(new FormatIssue(path, rule));
  }

  List<FormatIssue> issues() {
    return List.copyOf(issues);
  }

  Node visit(XmlElement element, String path) {
    Node node = new Node(this, element, path);
    visited.add(node);
    return node;
  }

  /** Children of visited elements that no decoder asked for, in document order. */
  List<UnknownElement> unknownElements() {
    List<UnknownElement> unknown = new ArrayList<>();
    for (Node node : visited) {
      Set<String> seen = new HashSet<>();
      for (XmlElement child : node.element().children()) {
        if (!node.used(child.name())) {
          unknown.add(new UnknownElement(node.path(), Trees.normalize(child)));
        } else if (!seen.add(child.name()) && !node.repeatable(child.name())) {
          unknown.add(new UnknownElement(node.path(), Trees.normalize(child)));
        }
      }
    }
    return unknown;
  }
}
