# Shared by ops/bench/live-card and ops/bench/live-fanout: a work folder under /tmp, the load client
# (ops/bench/src, compiled here against the gateway's jar, never part of it), a gateway with its own
# embedded PostgreSQL on free ports, and every process started here stopped at the end.
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
require_java17
build_if_needed
live_work=$(mktemp -d /tmp/oqsgw-live-XXXXXX)
chmod 755 "$live_work"  # the embedded PostgreSQL's own user reads its data root below it (as root)
# The run's own copies of the jars: a build in the tree meanwhile (mvn install rewrites them in place)
# would otherwise pull classes the running JVMs have not loaded yet from under them.
cp "$GATEWAY_JAR" "$live_work/oqs-gateway.jar" && cp "$SIM_JAR" "$live_work/oqs-simulator.jar" ||
  die "could not copy the jars into $live_work"
GATEWAY_JAR="$live_work/oqs-gateway.jar" SIM_JAR="$live_work/oqs-simulator.jar"
# demo_pids and demo_stop (every process started, stopped in reverse order), as ./ops/demo has them.
. "$OQSGW_HOME/ops/lib/demo-terminal.sh"
live_gateway_pid=""

live_stop() {
  demo_stop
  if [ "${LIVE_KEEP:-}" = 1 ]; then echo "work folder kept: $live_work" >&2; else rm -rf "$live_work"; fi
}
trap live_stop EXIT
trap 'exit 130' INT TERM

# Compiles the load client into the work folder.
live_compile() {
  mkdir -p "$live_work/classes"
  javac -nowarn -d "$live_work/classes" -cp "$GATEWAY_JAR" "$OQSGW_HOME"/ops/bench/src/jp/oqsgateway/bench/*.java ||
    die "the load client did not compile"
}

# live_pin_apart: the gateway (with its PostgreSQL, which inherits it) on the first half of the
# CPUs, the load client on the other half, so that neither takes the other's time (one machine
# plays both). Only with at least 2 CPUs; sets live_gateway_cpus and live_client_cpus.
# BENCH_PIN=0 leaves every process free to run on every CPU (what an appliance does).
live_gateway_cpus="" live_client_cpus=""
live_pin_apart() {
  local n half
  n=$(nproc)
  if [ "${BENCH_PIN:-1}" != 0 ] && [ "$n" -ge 2 ] && command -v taskset >/dev/null; then
    half=$((n / 2))
    live_gateway_cpus="0-$((half - 1))"
    live_client_cpus="$half-$((n - 1))"
  fi
}

# Runs one of the load client's commands (roundtrip, detect, card, fanout).
live_bench() {
  # shellcheck disable=SC2086
  ${live_client_cpus:+taskset -c "$live_client_cpus"} java $JAVA_OPTS ${BENCH_CLIENT_JAVA_OPTS:-} -cp "$GATEWAY_JAR:$live_work/classes" jp.oqsgateway.bench.Bench "$@"
}

# Waits until file $1 has a line matching $2 (at most $3 seconds) while pid $4 lives.
live_wait_line() {
  local tries=0
  until grep -q "$2" "$1" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt $(($3 * 10)) ] || ! kill -0 "$4" 2>/dev/null; then
      tail -5 "$1" >&2
      die "no \"$2\" in $1 within $3 s"
    fi
    sleep 0.1
  done
}

# The JVM options of the shipped unit's ExecStart= (ops/systemd/oqs-gateway.service): heap, initial
# heap, collector.
live_unit_java_opts=$(unit_java_opts)
[ -n "$live_unit_java_opts" ] || die "no java options in ops/systemd/oqs-gateway.service's ExecStart="

# The simulated terminal (institution $1) on "$live_work/oqs", without its pickup delay where this
# build has the option (live_pickup: the option given, for the record), and the body of a check by
# the insurance numbers of its person $2 in "$live_work/body.json". BENCH_SIMULATOR_JAVA_OPTS adds
# JVM options to the simulated terminal only (every benchmark's, e.g. a JFR recording).
live_pickup=()
live_start_terminal() {
  local oqs="$live_work/oqs" help
  mkdir -p "$oqs/req" "$oqs/res" "$oqs/face"
  # shellcheck disable=SC2086
  help=$(java $JAVA_OPTS -jar "$SIM_JAR" run --help 2>&1 || true)
  live_pickup=()
  [[ $help == *--pickup-delay* ]] && live_pickup=(--pickup-delay 0)
  # shellcheck disable=SC2086
  java $JAVA_OPTS ${BENCH_SIMULATOR_JAVA_OPTS:-} -Xmx128m -jar "$SIM_JAR" run --root "$oqs" --institution "$1" \
    ${live_pickup[@]+"${live_pickup[@]}"} >"$live_work/simulator.log" 2>&1 &
  live_terminal_pid=$!
  demo_pids+=("$live_terminal_pid")
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$SIM_JAR" check-body --root "$oqs" --person "$2" >"$live_work/body.json"
}

# Baseline (a) of ops/bench/run: the bare Vert.x hello, on the gateway's CPUs; sets live_hello_pid
# and live_hello_port.
live_start_hello() {
  # shellcheck disable=SC2086
  ${live_gateway_cpus:+taskset -c "$live_gateway_cpus"} java $JAVA_OPTS -cp "$GATEWAY_JAR:$live_work/classes" \
    jp.oqsgateway.bench.Bench hello --out "$live_work/hello.json" >"$live_work/hello.out" 2>&1 &
  live_hello_pid=$!
  demo_pids+=("$live_hello_pid")
  live_wait_line "$live_work/hello.json" '"port"' 30 "$live_hello_pid"
  live_hello_port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$live_work/hello.json")
}

# Seconds the JIT compilers of JVM $1 have spent compiling so far (jstat -compiler's Time).
live_jit_seconds() {
  jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'
}

# live_warm_until_jit_settles PID MAX CLOSED-OPTIONS…: closed-loop load on the gateway (pid PID) in
# 5-second rounds until a round costs its JIT compilers less than a quarter of a second, at most MAX
# seconds: on the one core the harness gives the gateway, its compilers are still busy well after the
# first 15 s (docs/PERFORMANCE.md, "The harness"), and a measure taken then is of a JVM half warm.
# Sets live_warmed (seconds of load) and live_jit_at (the compilers' seconds when it ended).
live_warm_until_jit_settles() {
  local pid=$1 max=$2 before
  shift 2
  live_warmed=0
  live_jit_at=$(live_jit_seconds "$pid")
  [ -n "$live_jit_at" ] || die "jstat cannot read the gateway's JIT counters (pid $pid)"
  while [ "$live_warmed" -lt "$max" ]; do
    before=$live_jit_at
    live_bench closed "$@" --server-pid "$pid" --warmup 0 --seconds 5 --out "$live_work/warm-round.json" >/dev/null
    live_warmed=$((live_warmed + 5))
    live_jit_at=$(live_jit_seconds "$pid")
    awk -v a="$live_jit_at" -v b="$before" 'BEGIN { exit !(a - b < 0.25) }' && break
  done
}

# The bench's gateway settings besides the institution: the rate limit per caller lifted (one token
# plays every chart client).
live_unlimited=(--set api.rate-limit.requests-per-second=100000 --set api.rate-limit.burst=1000000)

# The gateway as ./ops/demo runs it, with its home (data, keys) in the work folder, the production
# unit's JVM options ($live_unit_java_opts) and free ports; arguments are more --set.
# BENCH_GATEWAY_JAVA_OPTS adds JVM options to the gateway only, e.g. a JFR recording of the run:
#   BENCH_GATEWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile
# (BENCH_CLIENT_JAVA_OPTS likewise to the load client only, BENCH_SIMULATOR_JAVA_OPTS to the
# simulated terminal).
# Sets live_api_port, live_agents_port, live_management_port, live_pg_port.
live_start_gateway() {
  mkdir -p "$live_work/gw"
  # A restart's wait must not read the previous start's lines.
  rm -f "$live_work/gateway.out"
  # shellcheck disable=SC2086
  (cd "$live_work/gw" && OQSGW_HOME="$live_work/gw" exec ${live_gateway_cpus:+taskset -c "$live_gateway_cpus"} java $JAVA_OPTS $live_unit_java_opts ${BENCH_GATEWAY_JAVA_OPTS:-} -jar "$GATEWAY_JAR" serve \
    --set api.port=0 --set management.port=0 --set agents.port=0 \
    --set oqs.root="$live_work/oqs" --set oqs.create-folders=true "$@" >"$live_work/gateway.out" 2>&1) &
  live_gateway_pid=$!
  demo_pids+=("$live_gateway_pid")
  live_wait_line "$live_work/gateway.out" 'Press Ctrl-C to stop' 180 "$live_gateway_pid"
  live_api_port=$(sed -n 's/.*"msg":"gateway ready".*"port":\([0-9]*\).*/\1/p' "$live_work/gateway.out")
  live_agents_port=$(sed -n 's/.*"msg":"agent server ready[^"]*".*"port":\([0-9]*\).*/\1/p' "$live_work/gateway.out")
  live_management_port=$(sed -n 's#.*Health *http://127.0.0.1:\([0-9]*\)/health/ready.*#\1#p' "$live_work/gateway.out")
  live_pg_port=$(sed -n 's/.*"msg":"embedded PostgreSQL ready".*"port":\([0-9]*\).*/\1/p' "$live_work/gateway.out")
}

# Mints a token for the bench's gateway into file $1; the rest are `oqsgw token` options.
live_token() {
  local file=$1
  shift
  # shellcheck disable=SC2086
  (umask 077 && cd "$live_work/gw" && OQSGW_HOME="$live_work/gw" java $JAVA_OPTS -jar "$GATEWAY_JAR" token "$@" >"$file")
}

# Keeps the raw result as var/bench/NAME-<UTC time>.json and prints its Markdown row.
live_keep_result() {
  local name=$1 file=$2 out
  mkdir -p "$OQSGW_HOME/var/bench"
  out="$OQSGW_HOME/var/bench/$name-$(date -u +%Y%m%dT%H%M%SZ).json"
  cp "$file" "$out"
  echo "raw results: ${out#"$OQSGW_HOME"/}"
  sed -n 's/^ *"markdown" : "\(.*\)",\{0,1\}$/\1/p' "$file"
}

# The cached read's patients, as ops/bench/run seeds them: $1 chart patients BENCH-000001… each with
# a copy of answered check $2 as its latest qualification (as the database owner, one transaction),
# then the gateway restarted with settings $3… so that nothing it keeps in memory predates them.
# Sets live_pg_opts (the owner's connection, for the load client).
live_seed_patients() {
  local patients=$1 template=$2
  shift 2
  live_pg_opts=(--pg "127.0.0.1:$live_pg_port" --pg-user oqsgw_owner --pg-password-file "$live_work/gw/var/pg/secrets/oqsgw_owner")
  live_bench seed --template "$template" --patients "$patients" "${live_pg_opts[@]}" --out "$live_work/seed.json"
  kill -TERM "$live_gateway_pid"
  wait "$live_gateway_pid" 2>/dev/null || true
  live_start_gateway "$@"
  live_pg_opts=(--pg "127.0.0.1:$live_pg_port" --pg-user oqsgw_owner --pg-password-file "$live_work/gw/var/pg/secrets/oqsgw_owner")
}
