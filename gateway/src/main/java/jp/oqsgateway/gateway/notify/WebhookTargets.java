package jp.oqsgateway.gateway.notify;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Resolves a webhook URL to the one address the relay will connect to, checked by the {@link
 * TargetPolicy}. Resolution uses the JDK resolver (hosts file, then DNS) on the bounded {@code
 * oqsgw-webhook-dns} worker pool, never on an event loop. Of the addresses a name resolves to, the
 * first one the policy permits is used; when none is, the target is {@link TargetPolicy.Refused}.
 */
public final class WebhookTargets {
  public static final String POOL = "oqsgw-webhook-dns";

  private final TargetPolicy policy;
  private final WorkerExecutor pool;

  public WebhookTargets(TargetPolicy policy, WorkerExecutor pool) {
    this.policy = policy;
    this.pool = pool;
  }

  /** A checked target and the address to connect to. */
  public record Resolved(TargetPolicy.Target target, InetAddress address) {}

  public TargetPolicy policy() {
    return policy;
  }

  /**
   * The address to connect to for {@code url}: failed with {@link TargetPolicy.Refused} (the
   * message names the rule) or with the resolver's {@link java.net.UnknownHostException}.
   */
  public Future<Resolved> resolve(String url) {
    TargetPolicy.Target target;
    try {
      target = policy.target(url);
    } catch (TargetPolicy.Refused e) {
      return Future.failedFuture(e);
    }
    return pool.executeBlocking(() -> resolveNow(target), false);
  }

  private Resolved resolveNow(TargetPolicy.Target target) throws java.net.UnknownHostException {
    InetAddress literal = IpRange.literal(target.host());
    InetAddress[] candidates =
        literal != null ? new InetAddress[] {literal} : InetAddress.getAllByName(target.host());
    String firstRefusal = null;
    for (InetAddress address : candidates) {
      Optional<String> refusal = policy.refusal(target, address);
      if (refusal.isEmpty()) {
        return new Resolved(target, address);
      }
      if (firstRefusal == null) {
        firstRefusal = refusal.get();
      }
    }
    throw new TargetPolicy.Refused(firstRefusal);
  }
}
