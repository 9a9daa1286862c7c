package jp.oqsgateway.agent.pin;

import java.io.Console;
import java.util.Optional;
import jp.oqsgateway.agent.jpki.Pins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PIN typed on the reception PC's terminal ({@link Console#readPassword}, no echo). An empty
 * line cancels. A line that is not 4 digits is asked again here, without touching the card.
 */
public final class ConsolePinPrompt implements PinPrompt {
  private static final Logger log = LoggerFactory.getLogger(ConsolePinPrompt.class);
  private static final int LOCAL_ATTEMPTS = 3;

  private final Console console;

  public ConsolePinPrompt(Console console) {
    this.console = console;
  }

  @Override
  public synchronized Optional<char[]> ask(PinRequest request) {
    if (console == null) {
      log.warn("no console to ask for the PIN of reader {}: cancelled", request.readerId());
      return Optional.empty();
    }
    for (int i = 0; i < LOCAL_ATTEMPTS; i++) {
      char[] pin =
          console.readPassword(
              "[%s / %s] %s: ", request.deskId(), request.readerId(), PinPrompt.message(request));
      if (pin == null || pin.length == 0) {
        return Optional.empty();
      }
      if (Pins.isWellFormed(pin)) {
        return Optional.of(pin);
      }
      Pins.wipe(pin);
      console.printf("数字4桁で入力してください。%n");
    }
    return Optional.empty();
  }
}
