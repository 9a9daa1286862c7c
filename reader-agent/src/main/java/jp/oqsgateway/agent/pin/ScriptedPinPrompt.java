package jp.oqsgateway.agent.pin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * FOR TESTS AND THE DEMO ONLY: answers PIN prompts from a fixed list (or a file, one PIN a line),
 * one entry per prompt, then cancels. A real reception PC asks a person ({@link ConsolePinPrompt}
 * or the patient-facing page); a PIN in a file is a PIN on disk. Keeps the requests it saw (never
 * the PINs) so tests can tell how often a person was asked.
 */
public final class ScriptedPinPrompt implements PinPrompt {
  private final Deque<char[]> answers = new ArrayDeque<>();
  private final List<PinRequest> requests = new ArrayList<>();

  public ScriptedPinPrompt(List<String> pins) {
    pins.forEach(p -> answers.add(p.toCharArray()));
  }

  /** One PIN a line; blank lines and lines starting with # are skipped. */
  public static ScriptedPinPrompt fromFile(Path file) throws IOException {
    List<String> pins = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        pins.add(s);
      }
    }
    return new ScriptedPinPrompt(pins);
  }

  @Override
  public synchronized Optional<char[]> ask(PinRequest request) {
    requests.add(request);
    return Optional.ofNullable(answers.poll());
  }

  /** The prompts shown so far. */
  public synchronized List<PinRequest> requests() {
    return List.copyOf(requests);
  }
}
