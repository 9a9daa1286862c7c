package jp.oqsgateway.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * Baseline: pcscd's own card-detection delay with the virtual card. Tells the card's control
 * channel to insert it and times until {@code javax.smartcardio} (libpcsclite, SCardGetStatusChange)
 * reports the card present; then removes it and waits until it is reported absent. Needs
 * PCSCLITE_CSOCK_NAME in the environment when pcscd has a socket of its own.
 */
final class CardDetection {
  private CardDetection() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    VirtualCardControl card = new VirtualCardControl(Bench.required(opts, "control"));
    String readerName = opts.getOrDefault("reader", "Virtual PCD 00 00");
    int runs = Bench.intOpt(opts, "runs", 50);
    int warmup = Bench.intOpt(opts, "warmup", 3);
    CardTerminal reader = TerminalFactory.getDefault().terminals().getTerminal(readerName);
    if (reader == null) {
      throw new IllegalStateException("no PC/SC reader named " + readerName);
    }
    card.send("remove");
    reader.waitForCardAbsent(10_000);
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      long start = System.nanoTime();
      card.send("insert");
      if (!reader.waitForCardPresent(10_000)) {
        throw new IllegalStateException("the inserted card was not reported within 10 s");
      }
      long took = (System.nanoTime() - start) / 1_000;
      if (i >= warmup) {
        samples.add(took);
      }
      card.send("remove");
      if (!reader.waitForCardAbsent(10_000)) {
        throw new IllegalStateException("the removed card was still reported after 10 s");
      }
    }
    return new JsonObject()
        .put("what", "virtual card inserted (control channel) → javax.smartcardio reports it present, no reader agent")
        .put("warmup", warmup)
        .put("summary", Bench.summary(samples))
        .put("samplesMs", Bench.samplesMs(samples))
        .put("machine", Bench.machine());
  }
}
