package jp.oqsgateway.gateway.testsupport;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;

/**
 * The gateway as an operator runs it: the shaded jar in a child JVM, optionally under another OS
 * user. Captures its output, finds the URLs it prints, and stops it with SIGINT like Ctrl-C.
 *
 * <p>Everything the child prints is also appended to {@code gateway-process-<pid>.log} under {@link
 * #testLogDir()}, so the check over the logs of the whole test run reads what the real jar, with
 * its production logging configuration, wrote.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Pattern HEALTH_URL =
      Pattern.compile("Health\\s+(https?://\\S+/health/ready)");
  private static final Pattern API_URL = Pattern.compile("API\\s+(https?://\\S+)/api/v1/");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> healthUrl = new CompletableFuture<>();
  private final Thread reader;

  private GatewayProcess(Process process) {
    this.process = process;
    reader = new Thread(this::pump, "gateway-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Where test JVMs and gateway child processes leave their logs (the build passes it). */
  public static Path testLogDir() {
    return Path.of(System.getProperty("oqsgw.testLogDir", "target/test-logs"));
  }

  /** The jar built by this module's package phase (failsafe passes its path). */
  public static Path jar() {
    return Path.of(System.getProperty("oqsgw.gatewayJar", "target/oqs-gateway.jar"));
  }

  /**
   * @param runAs e.g. {@code List.of("setpriv", "--reuid=65534", ...)}, or empty for this user
   */
  public static GatewayProcess start(
      Path jar, Path home, Map<String, String> env, List<String> runAs, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(runAs);
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-Xmx256m", "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8"));
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("OQSGW_") || k.startsWith("PG"));
    pb.environment().put("OQSGW_HOME", home.toString());
    pb.environment().put("HOME", home.toString());
    pb.environment().putAll(env);
    return new GatewayProcess(pb.start());
  }

  /**
   * {@code serve} on the home and database an {@link InProcessGateway} left ({@link
   * InProcessGateway#stopKeepingHome}), on free ports, talking to the simulated terminal (its
   * institution code, quick folder scans), with no job by the clock; {@code settings} are more
   * {@code key=value} pairs.
   */
  public static GatewayProcess serveWithSimulatedTerminal(
      Path home, String databaseUrl, String... settings) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "pg.url=" + databaseUrl,
                "pg.migration-url=" + TestDatabase.ownerUrlFor(databaseUrl).orElseThrow(),
                "api.port=0",
                "management.port=0",
                "agents.port=0",
                "oqs.create-folders=true",
                "oqs.institution-code=" + SimulatorOptions.DEFAULT_INSTITUTION,
                "oqs.link.scan-interval=200ms",
                "jobs.schedules="));
    all.addAll(List.of(settings));
    List<String> args = new ArrayList<>(List.of("serve"));
    for (String setting : all) {
      args.add("--set");
      args.add(setting);
    }
    return start(jar(), home, Map.of(), List.of(), args.toArray(String[]::new));
  }

  private void pump() {
    Path log = testLogDir().resolve("gateway-process-" + process.pid() + ".log");
    try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter copy = openLog(log)) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
        copy.write(line);
        copy.newLine();
        copy.flush();
        Matcher m = HEALTH_URL.matcher(line);
        if (m.find()) {
          healthUrl.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      output.add("[output closed: " + e.getMessage() + "]");
    }
    healthUrl.completeExceptionally(
        new IllegalStateException("gateway exited before printing its URLs:\n" + output()));
  }

  private static BufferedWriter openLog(Path log) throws IOException {
    Files.createDirectories(log.getParent());
    return Files.newBufferedWriter(
        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Waits for the banner, then for /health/ready = 200; returns the time from JVM start. */
  public Duration awaitReady(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String url = healthUrl.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return Duration.between(
            process.info().startInstant().orElseThrow(), java.time.Instant.now());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("not ready within " + limit + ":\n" + output());
  }

  public String healthUrl() throws Exception {
    return healthUrl.get(1, TimeUnit.SECONDS);
  }

  /** The API's base URL as the banner printed it (after {@link #awaitReady}). */
  public String apiBase() {
    return output.stream()
        .map(API_URL::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no API URL in the banner:\n" + output()));
  }

  /** Like Ctrl-C in a terminal. */
  public int interruptAndWait(Duration limit) throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    return waitForExit(limit);
  }

  /** Like a crash or the OOM killer: no shutdown hook runs. */
  public void kill9() throws Exception {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  public int waitForExit(Duration limit) throws Exception {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("did not exit within " + limit + ":\n" + output());
    }
    return process.exitValue();
  }

  /**
   * As {@link #waitForExit}, and then until its last lines, still on their way through the pipe,
   * are in {@link #output} (a command whose printed answer is read).
   */
  public int waitForExitAndOutput(Duration limit) throws Exception {
    int code = waitForExit(limit);
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return code;
  }

  public String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
