package jp.oqsgateway.agent;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jp.oqsgateway.agent.event.EventSink;
import jp.oqsgateway.agent.jpki.AuthCertificate;
import jp.oqsgateway.agent.jpki.JpkiException;
import jp.oqsgateway.agent.reader.Challenge;
import jp.oqsgateway.agentprotocol.AgentEvent;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardProof;
import jp.oqsgateway.agentprotocol.CardType;

/**
 * {@code watch}: prints each event as one JSON line {@code {"address":…,"body":…}} instead of
 * sending it. The certificate is shown as its SHA-256 fingerprint, not its contents. With {@code
 * --prove} it plays the gateway: every My Number card gets a local challenge, and the proof's
 * signature is checked against the card's certificate ({@code local.proof-check}).
 */
final class WatchSink implements EventSink {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrintStream out;
  private final Consumer<ProveRequest> prover;
  private final Map<String, Pending> challenges = new ConcurrentHashMap<>();

  /** What {@code --prove} asks the monitor to do. */
  record ProveRequest(CardInserted card, Challenge challenge) {}

  private record Pending(byte[] certificate, byte[] nonce) {}

  /**
   * @param prover null without {@code --prove}
   */
  WatchSink(PrintStream out, Consumer<ProveRequest> prover) {
    this.out = out;
    this.prover = prover;
  }

  @Override
  public void accept(AgentEvent event) {
    JsonObject body = event.toJson();
    if (body.containsKey("certificate")) {
      body.put("certificate", "sha256:" + fingerprint(((CardInserted) event).certificate()));
    }
    print(new JsonObject().put("address", event.address()).put("body", body));
    if (prover != null
        && event instanceof CardInserted inserted
        && inserted.cardType() == CardType.MYNUMBER) {
      byte[] nonce = new byte[32];
      RANDOM.nextBytes(nonce);
      Challenge c =
          new Challenge("local-" + inserted.eventId(), nonce, Instant.now().plusSeconds(60));
      challenges.put(c.challengeId(), new Pending(inserted.certificate(), nonce));
      prover.accept(new ProveRequest(inserted, c));
    }
    if (event instanceof CardProof proof) {
      Pending p = challenges.remove(proof.challengeId());
      if (p != null) {
        print(
            new JsonObject()
                .put("address", "local.proof-check")
                .put("challengeId", proof.challengeId())
                .put("verified", verifies(p, proof.signature())));
      }
    }
  }

  private synchronized void print(JsonObject line) {
    out.println(line.encode());
    out.flush();
  }

  private static boolean verifies(Pending p, byte[] signature) {
    try {
      Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(AuthCertificate.parse(p.certificate()).certificate().getPublicKey());
      v.update(p.nonce());
      return v.verify(signature);
    } catch (GeneralSecurityException | JpkiException e) {
      return false;
    }
  }

  private static String fingerprint(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
