# ./ops/demo's processes, and the first of them: the simulated 資格確認端末 (oqs-simulator.jar) on the
# demo's exchange folders var/oqs/{req,res,face}, a process of its own beside the gateway as a real
# terminal would be. Every process started here is stopped when the demo ends, however it ends
# (Ctrl-C, SIGTERM, or the gateway exiting): no orphan is left.
# shellcheck shell=bash

DEMO_DIR="$OQSGW_HOME/var/demo"
DEMO_OQS_ROOT="var/oqs"
# The demo clinic's 医療機関コード (ops/config/demo.yaml's oqs.institution-code).
DEMO_INSTITUTION="1319876540"
demo_pids=()
demo_gateway_pid=""

demo_stop() {
  local i
  for ((i = ${#demo_pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${demo_pids[$i]}" 2>/dev/null || true
    wait "${demo_pids[$i]}" 2>/dev/null || true
  done
}

# Creates the simulator's test JPKI CA when absent (ops/config/demo.yaml's agents.jpki-ca points the
# gateway at its certificate), then starts the simulated terminal in the background.
demo_start_terminal() {
  mkdir -p "$DEMO_DIR"
  trap demo_stop EXIT
  trap 'exit 130' INT TERM
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$SIM_JAR" ca --root "$DEMO_OQS_ROOT" >/dev/null ||
    die "the simulator could not create its test JPKI CA under $DEMO_OQS_ROOT/.simulator/ca"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -Xmx128m -jar "$SIM_JAR" run --root "$DEMO_OQS_ROOT" \
    --institution "$DEMO_INSTITUTION" >"$DEMO_DIR/simulator.log" 2>&1 &
  demo_pids+=($!)
  echo "Simulated 資格確認端末 on $DEMO_OQS_ROOT (pid $!, log var/demo/simulator.log): fictitious persons, never OQS" >&2
}

# Runs the gateway in the background with the demo's configuration; arguments go to the gateway.
demo_start_gateway() {
  # The reception screen's desk uketsuke-1 (where the demo's reader agent stands) gets a new sign-in
  # code at every start; the gateway reads the codes at each sign-in.
  local code
  # shellcheck disable=SC2086
  if code=$(java $JAVA_OPTS -jar "$GATEWAY_JAR" desk --config ops/config/demo.yaml add uketsuke-1 2>/dev/null); then
    echo "受付画面 desk uketsuke-1: sign-in code $code" >&2
  else
    echo "note: no desk code for uketsuke-1 (./ops/oqsgw desk --config ops/config/demo.yaml add uketsuke-1)" >&2
  fi
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$GATEWAY_JAR" serve --config ops/config/demo.yaml "$@" &
  demo_gateway_pid=$!
  demo_pids+=($!)
}
