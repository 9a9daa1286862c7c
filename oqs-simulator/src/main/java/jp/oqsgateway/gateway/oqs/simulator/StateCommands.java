package jp.oqsgateway.gateway.oqs.simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sub-commands of {@link SimCommand} that change the persisted state a running simulator reads.
 */
final class StateCommands {
  private StateCommands() {}

  @Command(name = "consent", description = "Record a home-visit (or --online) consent.")
  static final class Consent extends SimCommand.PersonSub {
    @Option(names = "--date", required = true, description = "YYYY-MM-DD")
    String date;

    @Option(names = "--scope", required = true, description = "drug,checkup,diagnosis,operation")
    String scope;

    @Option(names = "--online", description = "Online care instead of a home visit.")
    boolean online;

    @Override
    public Integer call() {
      Map<String, String> opts = new HashMap<>();
      opts.put("person", person);
      opts.put("date", date);
      opts.put("scope", scope);
      if (online) {
        opts.put("online", "true");
      }
      return consent(terminal.simulator(), opts, out());
    }
  }

  @Command(name = "withdraw", description = "Withdraw every consent of a person.")
  static final class Withdraw extends SimCommand.PersonSub {
    @Override
    public Integer call() {
      terminal.simulator().withdrawConsent(person);
      out().println("withdrawn: all consents of " + person);
      return 0;
    }
  }

  @Command(name = "face", description = "Write a face-recognition card reading of a person.")
  static final class Face extends SimCommand.PersonSub {
    @Override
    public Integer call() {
      Path f = terminal.simulator().simulateCardReading(person);
      out().println("face file written: " + f);
      return 0;
    }
  }

  @Command(name = "fault", description = "Plan a fault (or --clear them all).")
  static final class Fault extends SimCommand.Sub {
    @Option(names = "--kind", description = "OQSsiquc01 or * (default: every kind)")
    String kind;

    @Option(names = "--file")
    String file;

    @Option(
        names = "--type",
        description =
            "no-answer|malformed|err|duplicate|unknown-result|still-processing=N|latency=MS|"
                + "hostile|oversized[=MIB]|down")
    String type;

    @Option(names = "--count")
    String count;

    @Option(names = "--every", description = "N[:OFFSET]")
    String every;

    @Option(names = "--clear")
    boolean clear;

    @Override
    public Integer call() {
      Map<String, String> opts = new HashMap<>();
      SimCommand.Sub.put(opts, "kind", kind);
      SimCommand.Sub.put(opts, "file", file);
      SimCommand.Sub.put(opts, "type", type);
      SimCommand.Sub.put(opts, "count", count);
      SimCommand.Sub.put(opts, "every", every);
      if (clear) {
        opts.put("clear", "true");
      }
      return fault(terminal.simulator(), opts, out());
    }
  }

  private static int consent(TerminalSimulator sim, Map<String, String> opts, PrintStream out) {
    LocalDate date = LocalDate.parse(SimCommand.Sub.required(opts, "date"));
    Set<ConsentScope> scope = ConsentScope.parseList(SimCommand.Sub.required(opts, "scope"));
    CareMode mode = opts.containsKey("online") ? CareMode.ONLINE : CareMode.HOME_VISIT;
    HomeVisitConsent c =
        sim.recordHomeVisitConsent(SimCommand.Sub.required(opts, "person"), date, scope, mode);
    out.println(
        "consent recorded: "
            + c.personId()
            + " "
            + mode
            + " on "
            + date
            + " "
            + scope
            + ", viewable until "
            + c.availableUntil()
            + (mode == CareMode.HOME_VISIT
                ? "; re-inquiries (OQSsihvq01, or OQSsiquc01 with MedicalTreatmentFlag 2) answered"
                    + " until then"
                : ""));
    return 0;
  }

  private static int fault(TerminalSimulator sim, Map<String, String> opts, PrintStream out) {
    if (opts.containsKey("clear")) {
      sim.faults().clear();
      out.println("faults cleared");
      return 0;
    }
    String typeArg = SimCommand.Sub.required(opts, "type");
    String[] parts = typeArg.split("=", 2);
    FaultType type = FaultType.parse(parts[0]);
    String kind = opts.getOrDefault("kind", FaultRule.ALL_KINDS);
    Integer count = opts.containsKey("count") ? Integer.valueOf(opts.get("count")) : null;
    FaultRule rule = new FaultRule(kind, opts.get("file"), type, 0, 0, count);
    if (opts.containsKey("every")) {
      String[] every = opts.get("every").split(":", 2);
      rule =
          FaultRule.every(
              kind,
              Integer.parseInt(every[0]),
              every.length > 1 ? Integer.parseInt(every[1]) : 0,
              type);
    }
    if (type == FaultType.OVERSIZED && parts.length == 2) {
      rule = rule.withTimes(Integer.parseInt(parts[1]));
    }
    if (type == FaultType.LATENCY || type == FaultType.STILL_PROCESSING) {
      if (parts.length < 2) {
        throw new IllegalArgumentException(parts[0] + " needs a value, e.g. " + parts[0] + "=3");
      }
      long v = Long.parseLong(parts[1]);
      rule = type == FaultType.LATENCY ? rule.withMillis(v) : rule.withTimes((int) v);
    }
    sim.faults().add(rule);
    out.println("fault planned: " + rule);
    return 0;
  }
}
