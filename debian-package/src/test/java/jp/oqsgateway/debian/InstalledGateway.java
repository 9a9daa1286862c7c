package jp.oqsgateway.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The installed gateway, started from the installed files as its systemd unit would start it: the
 * unit's User=, WorkingDirectory=, Environment=, EnvironmentFile= and ExecStart=, and a
 * RUNTIME_DIRECTORY whose ready file is what the unit's ExecStartPost= waits for. What systemd adds
 * beyond that (the sandbox) is not applied here; {@code SystemdUnitsTest} rates it. The ports are
 * free ones, so that the test never collides with anything on this machine.
 */
final class InstalledGateway implements AutoCloseable {
  private static final String UNIT = "/lib/systemd/system/oqs-gateway.service";
  private static final String RUNTIME = "/run/oqs-gateway";

  private final Process process;
  private final Path log;

  private InstalledGateway(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts it and waits until the ready file exists and /health/ready answers 200. */
  static InstalledGateway start(ThrowawayRoot root, Path log) throws Exception {
    List<String> unit = Files.readAllLines(root.file(UNIT));
    String user = value(unit, "User=").get(0);
    String workDir = value(unit, "WorkingDirectory=").get(0);
    int management = freePort();
    List<String> env = new ArrayList<>(List.of("PATH=/usr/bin:/bin", "HOME=" + workDir));
    env.addAll(value(unit, "Environment="));
    for (String file : value(unit, "EnvironmentFile=")) {
      Path f = root.file(file.replaceFirst("^-", ""));
      if (Files.exists(f)) {
        Files.readAllLines(f).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .forEach(env::add);
      }
    }
    env.addAll(
        List.of(
            "RUNTIME_DIRECTORY=" + RUNTIME,
            "OQSGW_API_PORT=" + freePort(),
            "OQSGW_MANAGEMENT_PORT=" + management,
            "OQSGW_AGENTS_PORT=" + freePort()));
    Command runtime = root.run("install", "-d", "-m", "0700", "-o", user, "-g", user, RUNTIME);
    assertThat(runtime.exit()).as(runtime.describe()).isZero();

    List<String> argv = new ArrayList<>(List.of("env", "-i"));
    argv.addAll(env);
    argv.addAll(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", workDir));
    argv.addAll(List.of(value(unit, "ExecStart=").get(0).split(" ")));
    Process p =
        new ProcessBuilder(root.chrooted(user, argv))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long started = System.nanoTime();
    InstalledGateway gateway = new InstalledGateway(p, log);
    Path ready = root.file(RUNTIME + "/ready");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !p.isAlive() || Files.exists(ready));
    assertThat(p.isAlive()).as("the gateway runs: %s", gateway.logText()).isTrue();
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/health/ready"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    System.out.printf(
        "%7d ms  the installed gateway is ready%n", (System.nanoTime() - started) / 1_000_000);
    return gateway;
  }

  /** SIGTERM, as systemctl stop sends it; the exit code once it ended. */
  int stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    return process.exitValue();
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  private static List<String> value(List<String> unit, String key) {
    return unit.stream()
        .filter(l -> l.startsWith(key))
        .map(l -> l.substring(key.length()))
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
