package jp.oqsgateway.agent.pin;

import java.util.Optional;

/**
 * Asks a person for the 4-digit PIN of the card in a reader. Called on a thread of its own, never
 * on a reader's thread or an event loop; may block until the person answers. The returned array
 * belongs to the caller, which wipes it after use. Implementations never log or keep the PIN.
 */
public interface PinPrompt {
  /**
   * @return the PIN as typed, or empty when the person cancelled (or nobody answered)
   */
  Optional<char[]> ask(PinRequest request);

  /** The text shown to staff and patient, in Japanese, with the tries left. */
  static String message(PinRequest request) {
    return "暗証番号（数字4桁）を入力してください（残り" + request.triesLeft() + "回）";
  }
}
