package jp.oqsgateway.gateway.oqs.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The faults planned for the simulated terminal, kept in the persisted state so that a {@code sim
 * fault} command in another process changes a running simulator. Rules apply in the order added;
 * LATENCY combines with one other fault, the first matching non-latency rule decides the rest.
 */
public final class FaultPlan {
  /** What applies to one picked-up request. */
  record Decision(long latencyMillis, FaultRule fault) {}

  private static final Decision NONE = new Decision(0, null);

  private final StateStore store;

  FaultPlan(StateStore store) {
    this.store = store;
  }

  public void add(FaultRule rule) {
    store.update(s -> s.faults.add(rule));
  }

  public void clear() {
    store.update(
        s -> {
          s.faults.clear();
          return null;
        });
  }

  public List<FaultRule> rules() {
    return List.copyOf(store.read().faults);
  }

  /** Terminal down (or up again) for every kind of request. */
  public void setDown(boolean down) {
    store.update(
        s -> {
          s.faults.removeIf(
              r ->
                  r.type() == FaultType.DOWN
                      && r.fileName() == null
                      && FaultRule.ALL_KINDS.equals(r.kind()));
          if (down) {
            s.faults.add(FaultRule.always(FaultRule.ALL_KINDS, FaultType.DOWN));
          }
          return null;
        });
  }

  boolean isDown(RequestName name) {
    return store.read().faults.stream()
        .anyMatch(r -> r.type() == FaultType.DOWN && r.matches(name.kind(), name.fileName()));
  }

  /**
   * Consumes the rules that match this request and says what to do; the state is rewritten only
   * when a rule matches.
   */
  Decision decide(RequestName name) {
    if (store.read().faults.stream().noneMatch(r -> appliesTo(r, name))) {
      return NONE;
    }
    return store.update(
        s -> {
          long latency = 0;
          FaultRule chosen = null;
          List<FaultRule> next = new ArrayList<>();
          for (FaultRule r : s.faults) {
            boolean matches = appliesTo(r, name);
            boolean hits = matches && r.hitsCurrent();
            if (matches && r.periodic()) {
              r = r.counted(); // a periodic rule counts every request it matches, hit or not
            }
            boolean applies = hits && (r.type() == FaultType.LATENCY || chosen == null);
            if (applies && r.type() == FaultType.STILL_PROCESSING && !name.kind().endsWith("02")) {
              applies = false; // only a bulk download can be "still processing"
            }
            if (!applies) {
              next.add(r);
              continue;
            }
            if (r.type() == FaultType.LATENCY) {
              latency = Math.max(latency, r.millis());
            } else {
              chosen = r;
            }
            FaultRule used = r.consumedOnce();
            if (!used.exhausted()) {
              next.add(used);
            }
          }
          s.faults.clear();
          s.faults.addAll(next);
          return new Decision(latency, chosen);
        });
  }

  /** A rule that decides about this request (a terminal down is {@link #isDown}'s). */
  private static boolean appliesTo(FaultRule r, RequestName name) {
    return r.type() != FaultType.DOWN && r.matches(name.kind(), name.fileName());
  }
}
