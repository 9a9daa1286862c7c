package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * {@code YZKsiquc01res} / {@code TKKsiquc01res} in XML form (OQS-PROTOCOL.md §2.9): only the
 * outcome is modelled ({@code ResultCode} 1 = success, else {@code MessageContents}, found wherever
 * they sit); the drug and health-check rows stay in {@code root}, the whole element tree.
 */
public record MedicalInformationResult(
    MessageKind kind,
    Optional<String> resultCode,
    Optional<String> messageContents,
    XmlElement root)
    implements OqsMessage {

  public MedicalInformationResult {
    OqsMessage.requireKind(kind, MessageKind.YZK_SIQUC01_RES, MessageKind.TKK_SIQUC01_RES);
    Objects.requireNonNull(root, "root");
  }

  /** The result for a tree, with ResultCode and MessageContents found wherever they are. */
  public static MedicalInformationResult of(MessageKind kind, XmlElement root) {
    XmlElement normalized = Trees.normalize(root);
    return new MedicalInformationResult(
        kind,
        Trees.firstText(normalized, "ResultCode"),
        Trees.firstText(normalized, "MessageContents"),
        normalized);
  }

  public boolean isSuccess() {
    return resultCode.map("1"::equals).orElse(false);
  }

  /** Nothing is unknown: the whole tree is kept in {@link #root()}. */
  @Override
  public List<UnknownElement> unknownElements() {
    return List.of();
  }
}
