package jp.oqsgateway.gateway.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;

/**
 * What one live connection receives: what its roles allow (docs/LIVE.md "Who receives what"),
 * narrowed by the desks and types it subscribed to. Roles add up. An event's desks are its {@code
 * data.deskId}, {@code data.desk} and {@code data.deskIds}.
 */
public final class LiveFilter {
  private static final Set<String> LINK = Set.of("terminal.link.down", "terminal.link.up");
  private static final Set<String> CLINICIAN = Set.of("homevisit.alert", "job.progress");
  private static final Set<String> OPS =
      Set.of(
          "terminal.link.down",
          "terminal.link.up",
          "agent.connected",
          "agent.disconnected",
          "reader.status",
          "job.progress",
          "webhook.given-up",
          "check.failed");

  /** The roles that may open a live connection. */
  private static final Set<String> ADMITTED =
      Set.of("chart", "admin", "reception", "clinician", "ops");

  private final boolean everything;
  private final boolean reception;
  private final boolean clinician;
  private final boolean ops;
  private final Set<String> receptionDesks;
  private final Set<String> desks;
  private final Set<String> types;

  private LiveFilter(Viewer viewer, Set<String> desks, Set<String> types) {
    Set<String> roles = viewer.roles();
    this.everything = roles.contains("chart") || roles.contains("admin");
    this.reception = roles.contains("reception");
    this.clinician = roles.contains("clinician");
    this.ops = roles.contains("ops");
    this.receptionDesks = viewer.desks();
    this.desks = Set.copyOf(desks);
    this.types = Set.copyOf(types);
  }

  /** True when one of the viewer's roles may open a live connection (agent alone may not). */
  public static boolean admits(Viewer viewer) {
    return viewer.roles().stream().anyMatch(ADMITTED::contains);
  }

  /**
   * The filter for this subscription.
   *
   * @param desks the desks asked for (empty: every desk the viewer may see)
   * @param types event type names asked for (empty: every type)
   * @throws SubscriptionRefused naming {@code desks} or {@code types}
   */
  public static LiveFilter of(Viewer viewer, List<String> desks, List<String> types) {
    for (String type : types) {
      if (EventType.fromWire(type).isEmpty()) {
        throw new SubscriptionRefused(
            "unknown-event-type",
            "types",
            "types: " + shortened(type) + " is not an event type of docs/EVENTS.md",
            false);
      }
    }
    LiveFilter unnarrowed = new LiveFilter(viewer, Set.of(), Set.of());
    for (String desk : desks) {
      if (!unnarrowed.maySee(desk)) {
        throw new SubscriptionRefused(
            "desk-not-allowed",
            "desk",
            "desk: this token may follow only its own desks " + new TreeSet<>(viewer.desks()),
            true);
      }
    }
    return new LiveFilter(viewer, new LinkedHashSet<>(desks), new LinkedHashSet<>(types));
  }

  private boolean maySee(String desk) {
    return everything || !reception || receptionDesks.isEmpty() || receptionDesks.contains(desk);
  }

  /** The desks subscribed to, as the {@code subscribed} message states them. */
  public Set<String> desks() {
    return desks;
  }

  public Set<String> types() {
    return types;
  }

  /** True when this connection receives the event. */
  public boolean accepts(Event event) {
    return accepts(event, desksOf(event.payload()));
  }

  /** {@link #accepts(Event)} with the desks the event names already read ({@code desksOf}). */
  boolean accepts(Event event, Set<String> eventDesks) {
    String type = event.type().wireName();
    if (!types.isEmpty() && !types.contains(type)) {
      return false;
    }
    if (!desks.isEmpty()
        && !eventDesks.isEmpty()
        && eventDesks.stream().noneMatch(desks::contains)) {
      return false;
    }
    if (everything) {
      return true;
    }
    if (ops && OPS.contains(type)) {
      return true;
    }
    if (clinician && CLINICIAN.contains(type)) {
      return true;
    }
    if (reception) {
      return LINK.contains(type)
          || (!eventDesks.isEmpty()
              && (receptionDesks.isEmpty()
                  || eventDesks.stream().anyMatch(receptionDesks::contains)));
    }
    return false;
  }

  static Set<String> desksOf(JsonObject data) {
    Set<String> found = new LinkedHashSet<>();
    if (data.getValue("deskId") instanceof String d) {
      found.add(d);
    }
    if (data.getValue("desk") instanceof String d) {
      found.add(d);
    }
    if (data.getValue("deskIds") instanceof JsonArray all) {
      for (Object d : all) {
        if (d instanceof String s) {
          found.add(s);
        }
      }
    }
    return found;
  }

  private static String shortened(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9._-]", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
