package jp.oqsgateway.gateway.oqs.simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * {@code oqsgw sim …}: runs the simulated terminal in the foreground or changes its persisted state
 * (consents, faults) from another process. Exit codes: 0 done, 2 usage error, 1 failure.
 *
 * <pre>
 * sim --root DIR [--encoding sjis|utf8] [--institution 1319876540] [--zip]
 * sim consent  --root DIR --person ID --date YYYY-MM-DD --scope drug,checkup,diagnosis,operation [--online]
 * sim withdraw --root DIR --person ID
 * sim face     --root DIR --person ID [--institution CODE] [--encoding sjis|utf8]
 * sim fault    --root DIR --kind OQSsiquc01|* [--file NAME] --type no-answer|malformed|err|duplicate|
 *              unknown-result|still-processing=N|latency=MS|hostile|oversized[=MIB]|down
 *              [--count N | --every N[:OFFSET]]
 * sim fault    --root DIR --clear
 * sim persons  --root DIR [--filter TEXT]
 * sim card     --root DIR --person ID
 * sim check-body --root DIR --person ID [--patient CHART_ID] [--date YYYY-MM-DD]
 * </pre>
 */
public final class SimCommand {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: sim --root DIR [--encoding sjis|utf8] [--institution CODE] [--zip]",
          "       sim consent --root DIR --person ID --date YYYY-MM-DD --scope drug,checkup,diagnosis,operation [--online]",
          "       sim withdraw --root DIR --person ID",
          "       sim face --root DIR --person ID",
          "       sim fault --root DIR --kind KIND [--file NAME] --type TYPE [--count N | --every N[:OFFSET]]"
              + " | --clear",
          "       sim persons --root DIR [--filter TEXT]",
          "       sim card --root DIR --person ID",
          "       sim check-body --root DIR --person ID [--patient CHART_ID] [--date YYYY-MM-DD]");

  private SimCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String sub = args.length > 0 && !args[0].startsWith("--") ? args[0] : "run";
    Map<String, String> opts = new HashMap<>();
    for (int i = sub.equals("run") ? 0 : 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        err.println("unexpected argument '" + a + "'\n" + USAGE);
        return 2;
      }
      String key = a.substring(2);
      boolean flag = key.equals("online") || key.equals("clear") || key.equals("zip");
      if (flag) {
        opts.put(key, "true");
      } else if (i + 1 < args.length) {
        opts.put(key, args[++i]);
      } else {
        err.println("--" + key + " needs a value\n" + USAGE);
        return 2;
      }
    }
    if (!opts.containsKey("root")) {
      err.println("--root is required\n" + USAGE);
      return 2;
    }
    try {
      SimulatorOptions options = options(opts);
      TerminalSimulator sim = new TerminalSimulator(options, SimulatedPopulation.standard());
      return switch (sub) {
        case "run" -> runForeground(sim, out);
        case "consent" -> consent(sim, opts, out);
        case "withdraw" -> {
          sim.withdrawConsent(required(opts, "person"));
          out.println("withdrawn: all consents of " + opts.get("person"));
          yield 0;
        }
        case "face" -> {
          Path f = sim.simulateCardReading(required(opts, "person"));
          out.println("face file written: " + f);
          yield 0;
        }
        case "fault" -> fault(sim, opts, out);
        case "persons" -> persons(sim, opts.get("filter"), out);
        case "check-body" -> checkBody(sim, opts, out);
        case "card" -> {
          // The person's virtual My Number card (certificate and key, PEM) from the test CA, for
          // oqs-virtual-card: `serve --card <this file>`.
          String person = required(opts, "person");
          if (SimulatedPopulation.standard().byId(person).isEmpty()) {
            throw new IllegalArgumentException("--person: no simulated person " + person);
          }
          sim.ca().certificateFor(person);
          out.println(sim.ca().cardFile(person));
          yield 0;
        }
        default -> {
          err.println("unknown sub-command '" + sub + "'\n" + USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException
        | DateTimeParseException
        | java.util.NoSuchElementException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (RuntimeException e) {
      err.println("sim failed: " + e);
      return 1;
    }
  }

  private static SimulatorOptions options(Map<String, String> opts) {
    SimulatorOptions o = SimulatorOptions.defaults(Path.of(opts.get("root")));
    if (opts.containsKey("encoding")) {
      String e = opts.get("encoding").toLowerCase(Locale.ROOT);
      o =
          o.withEncoding(
              switch (e) {
                case "sjis", "shift_jis", "cp932" -> OqsCharset.SHIFT_JIS;
                case "utf8", "utf-8" -> OqsCharset.UTF_8;
                default -> throw new IllegalArgumentException("--encoding must be sjis or utf8");
              });
    }
    if (opts.containsKey("institution")) {
      String code = opts.get("institution");
      if (!code.matches("[0-9]{10}")) {
        throw new IllegalArgumentException("--institution must be 10 digits");
      }
      o = o.withInstitutionCode(code);
    }
    if (opts.containsKey("zip")) {
      o = o.withZipBulkResults(true);
    }
    return o;
  }

  private static int runForeground(TerminalSimulator sim, PrintStream out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              sim.stop();
              stopped.countDown();
            },
            "oqs-sim-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    sim.start();
    out.println(
        "simulated terminal on "
            + sim.options().root()
            + " (institution "
            + sim.options().institutionCode()
            + ", "
            + sim.options().encoding().declaredName()
            + ", "
            + sim.population().persons().size()
            + " persons); Ctrl-C to stop");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sim.stop();
    }
    return 0;
  }

  private static int consent(TerminalSimulator sim, Map<String, String> opts, PrintStream out) {
    LocalDate date = LocalDate.parse(required(opts, "date"));
    Set<ConsentScope> scope = ConsentScope.parseList(required(opts, "scope"));
    CareMode mode = opts.containsKey("online") ? CareMode.ONLINE : CareMode.HOME_VISIT;
    HomeVisitConsent c = sim.recordHomeVisitConsent(required(opts, "person"), date, scope, mode);
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
    String typeArg = required(opts, "type");
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

  private static int persons(TerminalSimulator sim, String filter, PrintStream out) {
    out.println("id\tchart\tbirth\tname\tcategory");
    for (SimulatedPerson p : sim.population().persons()) {
      String line =
          p.id()
              + "\t"
              + p.chart().patientId()
              + "\t"
              + p.birthDate()
              + "\t"
              + p.name()
              + "\t"
              + p.category();
      if (filter == null
          || line.contains(filter)
          || p.tags().stream().anyMatch(t -> t.equalsIgnoreCase(filter))) {
        out.println(line);
      }
    }
    return 0;
  }

  /**
   * The body of {@code POST /api/v1/qualification-checks} for the person's coverage on the day
   * (today in Japan by default), as a chart system would send it: the demo's way to a patient with
   * a qualification link. 限度額 consent is false: the person was not asked.
   */
  private static int checkBody(TerminalSimulator sim, Map<String, String> opts, PrintStream out) {
    String id = required(opts, "person");
    SimulatedPerson p =
        sim.population()
            .byId(id)
            .orElseThrow(() -> new IllegalArgumentException("--person: no simulated person " + id));
    java.time.LocalDate day =
        opts.containsKey("date")
            ? java.time.LocalDate.parse(opts.get("date"))
            : java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    Coverage c =
        p.coverageOn(day)
            .orElseThrow(
                () -> new IllegalArgumentException("--date: " + id + " has no coverage on " + day));
    io.vertx.core.json.JsonObject body =
        new io.vertx.core.json.JsonObject()
            .put("insurerNumber", c.insurerNumber().strip())
            .put("insuredIdentificationNumber", c.number())
            .put("birthdate", p.birthDate().toString())
            .put("confirmationDate", day.toString())
            .put("limitApplicationConsent", false)
            .put("chartPatientId", opts.getOrDefault("patient", p.chart().patientId()));
    if (c.symbol() != null) {
      body.put("insuredCardSymbol", c.symbol());
    }
    if (c.branch() != null) {
      body.put("insuredBranchNumber", c.branch());
    }
    out.println(body.encode());
    return 0;
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}
