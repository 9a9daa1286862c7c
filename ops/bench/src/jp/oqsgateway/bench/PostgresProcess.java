package jp.oqsgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The embedded PostgreSQL's processes, found by their data folder, and the CPU they use. */
final class PostgresProcess {
  private PostgresProcess() {}

  /** The embedded PostgreSQL's server process: the one started on that data folder (-D). */
  static Optional<ProcessHandle> postmaster(String dataDir) {
    return ProcessHandle.allProcesses()
        .filter(p -> {
          try {
            String cmd = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
            return cmd.contains("-D " + dataDir + " ");
          } catch (java.io.IOException | RuntimeException e) {
            return false;
          }
        })
        .findFirst();
  }

  /** CPU seconds of PostgreSQL: its server, its backends alive and those that ended. */
  static double cpuSeconds(Optional<ProcessHandle> postmaster) {
    if (postmaster.isEmpty()) {
      return 0;
    }
    long pid = postmaster.get().pid();
    double sum = Math.max(0, Bench.cpuSeconds(Long.toString(pid))) + childrenCpu(pid);
    for (ProcessHandle p : postmaster.get().children().toList()) {
      sum += Math.max(0, Bench.cpuSeconds(Long.toString(p.pid())));
    }
    return sum;
  }

  /** cutime + cstime of a process: its children that ended (PostgreSQL's backends). */
  private static double childrenCpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }}
