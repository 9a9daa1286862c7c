package jp.oqsgateway.gateway.oqs.simulator;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code oqs-simulator …} ({@code java -jar oqs-simulator/target/oqs-simulator.jar}): runs the
 * simulated terminal in the foreground on a folder with {@code req/}, {@code res/} and {@code
 * face/}, as a real 資格確認端末 sits beside the gateway, or changes its persisted state (consents,
 * faults) from another process. Exit codes: 0 done, 2 usage error, 1 failure.
 */
@Command(
    name = "oqs-simulator",
    mixinStandardHelpOptions = true,
    versionProvider = SimCommand.Version.class,
    description = "A simulated 資格確認端末 answering from fictitious persons (never a real terminal).",
    subcommands = {
      SimCommand.Run.class,
      SimCommand.Consent.class,
      SimCommand.Withdraw.class,
      SimCommand.Face.class,
      SimCommand.Fault.class,
      SimCommand.Persons.class,
      SimCommand.Card.class,
      SimCommand.CheckBody.class,
      SimCommand.Ca.class
    })
public final class SimCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  private SimCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new SimCommand(out, err));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof DateTimeParseException
              || e instanceof NoSuchElementException) {
            err.println(e.getMessage());
            failed.usage(failed.getErr());
            return 2;
          }
          err.println("oqs-simulator failed: " + e);
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(err);
    return 2;
  }

  /** The manifest's version of the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SimCommand.class.getPackage().getImplementationVersion();
      return new String[] {"oqs-simulator " + (v == null ? "(development)" : v)};
    }
  }

  /** The terminal's folder and set-up, shared by every sub-command. */
  static final class Terminal {
    @Option(names = "--root", required = true, description = "The folder with req/, res/, face/.")
    Path root;

    @Option(
        names = "--encoding",
        description = "Encoding of the result files: sjis (default) or utf8.")
    String encoding;

    @Option(names = "--institution", description = "The clinic's 10-digit 医療機関コード.")
    String institution;

    @Option(names = "--zip", description = "Write bulk download results as .zip.")
    boolean zip;

    TerminalSimulator simulator() {
      SimulatorOptions o = SimulatorOptions.defaults(root);
      if (encoding != null) {
        o =
            o.withEncoding(
                switch (encoding.toLowerCase(Locale.ROOT)) {
                  case "sjis", "shift_jis", "cp932" -> OqsCharset.SHIFT_JIS;
                  case "utf8", "utf-8" -> OqsCharset.UTF_8;
                  default -> throw new IllegalArgumentException("--encoding must be sjis or utf8");
                });
      }
      if (institution != null) {
        if (!institution.matches("[0-9]{10}")) {
          throw new IllegalArgumentException("--institution must be 10 digits");
        }
        o = o.withInstitutionCode(institution);
      }
      if (zip) {
        o = o.withZipBulkResults(true);
      }
      return new TerminalSimulator(o, SimulatedPopulation.standard());
    }
  }

  /** What every sub-command has: the terminal, and the streams of {@link #run}. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand SimCommand top;
    @Mixin Terminal terminal;

    PrintStream out() {
      return top.out;
    }
  }

  @Command(
      name = "run",
      description =
          "Play the terminal on --root until Ctrl-C (SIGINT) or SIGTERM; creates the test JPKI CA.")
  static final class Run extends Sub {
    @Override
    public Integer call() {
      return runForeground(terminal.simulator(), out());
    }
  }

  @Command(name = "consent", description = "Record a home-visit (or --online) consent.")
  static final class Consent extends Sub {
    @Option(names = "--person", required = true)
    String person;

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
  static final class Withdraw extends Sub {
    @Option(names = "--person", required = true)
    String person;

    @Override
    public Integer call() {
      terminal.simulator().withdrawConsent(person);
      out().println("withdrawn: all consents of " + person);
      return 0;
    }
  }

  @Command(name = "face", description = "Write a face-recognition card reading of a person.")
  static final class Face extends Sub {
    @Option(names = "--person", required = true)
    String person;

    @Override
    public Integer call() {
      Path f = terminal.simulator().simulateCardReading(person);
      out().println("face file written: " + f);
      return 0;
    }
  }

  @Command(name = "fault", description = "Plan a fault (or --clear them all).")
  static final class Fault extends Sub {
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
      put(opts, "kind", kind);
      put(opts, "file", file);
      put(opts, "type", type);
      put(opts, "count", count);
      put(opts, "every", every);
      if (clear) {
        opts.put("clear", "true");
      }
      return fault(terminal.simulator(), opts, out());
    }
  }

  @Command(name = "persons", description = "List the fictitious persons.")
  static final class Persons extends Sub {
    @Option(names = "--filter", description = "Text or tag to match.")
    String filter;

    @Override
    public Integer call() {
      return persons(terminal.simulator(), filter, out());
    }
  }

  @Command(
      name = "card",
      description = "Print the file of a person's virtual My Number card (for oqs-virtual-card).")
  static final class Card extends Sub {
    @Option(names = "--person", required = true)
    String person;

    @Override
    public Integer call() {
      if (SimulatedPopulation.standard().byId(person).isEmpty()) {
        throw new IllegalArgumentException("--person: no simulated person " + person);
      }
      TerminalSimulator sim = terminal.simulator();
      sim.ca().certificateFor(person);
      out().println(sim.ca().cardFile(person));
      return 0;
    }
  }

  @Command(
      name = "check-body",
      description = "Print a qualification-check request body for a person's coverage.")
  static final class CheckBody extends Sub {
    @Option(names = "--person", required = true)
    String person;

    @Option(names = "--patient", description = "The chart's patient id.")
    String patient;

    @Option(names = "--date", description = "YYYY-MM-DD (default: today in Japan)")
    String date;

    @Override
    public Integer call() {
      Map<String, String> opts = new HashMap<>();
      put(opts, "person", person);
      put(opts, "patient", patient);
      put(opts, "date", date);
      return checkBody(terminal.simulator(), opts, out());
    }
  }

  @Command(
      name = "ca",
      description =
          "Create the test JPKI CA when absent and print its certificate's file (--out: copy it"
              + " there), for the gateway's agents.jpki-ca.")
  static final class Ca extends Sub {
    @Option(names = "--out", description = "Also write the CA certificate (PEM) to this file.")
    Path target;

    @Override
    public Integer call() throws Exception {
      TerminalSimulator sim = terminal.simulator();
      Path cert = sim.ca().certificateFile();
      if (target != null) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.copy(cert, target, StandardCopyOption.REPLACE_EXISTING);
        cert = target;
      }
      out().println(cert);
      return 0;
    }
  }

  private static void put(Map<String, String> opts, String key, String value) {
    if (value != null) {
      opts.put(key, value);
    }
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
    // Its test JPKI CA, what the gateway verifies virtual cards against (agents.jpki-ca).
    sim.ca();
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
