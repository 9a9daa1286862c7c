package jp.oqsgateway.gateway.oqs.simulator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sub-commands of {@link SimCommand} that read the simulator: its persons, their virtual cards,
 * a chart system's request body, and the test JPKI CA's certificate.
 */
final class LookupCommands {
  private LookupCommands() {}

  @Command(name = "persons", description = "List the fictitious persons.")
  static final class Persons extends SimCommand.Sub {
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
  static final class Card extends SimCommand.PersonSub {
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
  static final class CheckBody extends SimCommand.PersonSub {
    @Option(names = "--patient", description = "The chart's patient id.")
    String patient;

    @Option(names = "--date", description = "YYYY-MM-DD (default: today in Japan)")
    String date;

    @Override
    public Integer call() {
      Map<String, String> opts = new HashMap<>();
      SimCommand.Sub.put(opts, "person", person);
      SimCommand.Sub.put(opts, "patient", patient);
      SimCommand.Sub.put(opts, "date", date);
      return checkBody(terminal.simulator(), opts, out());
    }
  }

  @Command(
      name = "ca",
      description =
          "Create the test JPKI CA when absent and print its certificate's file (--out: copy it"
              + " there), for the gateway's agents.jpki-ca.")
  static final class Ca extends SimCommand.Sub {
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
    String id = SimCommand.Sub.required(opts, "person");
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
}
