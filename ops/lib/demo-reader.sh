# ./ops/demo's virtual card reader: pcscd with the vpcd reader, a virtual My Number card of a simulated
# person on it (put in and taken out with ./ops/vcard), and the reader agent that reports it to the
# gateway's agent server. Everything lives under var/demo/ and stops with the demo.
# shellcheck shell=bash

DEMO_CARD_CONTROL="127.0.0.1:${OQSGW_DEMO_CARD_PORT:-8790}"
DEMO_PERSON="${OQSGW_DEMO_PERSON:-SIM-0001}"
DEMO_DESK="uketsuke-1"
# Waits until TCP port $1 on 127.0.0.1 accepts connections (bash's /dev/tcp: no curl needed).
demo_wait_port() {
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 300 ] || return 1
    kill -0 "$demo_gateway_pid" 2>/dev/null || return 1
    sleep 0.1
  done
}

# Runs the gateway with the virtual reader beside it (the simulated terminal runs already, see
# demo-terminal.sh); arguments go to the gateway.
demo_with_reader() {
  # The operations screen's insert/remove buttons reach the virtual card's control channel (loopback only).
  export OQSGW_DEMO_VIRTUAL_CARD_CONTROL="$DEMO_CARD_CONTROL"
  demo_start_gateway "$@"
  demo_wait_port 8443 || die "the gateway did not open its agent server (port 8443); see its output above"

  # pcscd with a socket of the demo's own (a user namespace as a normal user, see docs/VIRTUAL-CARD.md).
  export PCSCLITE_CSOCK_NAME="$DEMO_DIR/pcsc/pcscd/pcscd.comm"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$VCARD_JAR" pcscd --run-dir "$DEMO_DIR/pcsc" >"$DEMO_DIR/pcscd.out" 2>&1 &
  demo_pids+=($!)
  local pcscd_pid=$! tries=0
  until grep -q "clients:" "$DEMO_DIR/pcscd.out" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ] || ! kill -0 "$pcscd_pid" 2>/dev/null; then
      echo "note: pcscd did not start ($(tail -1 "$DEMO_DIR/pcscd.out")); the demo runs without the virtual reader" >&2
      wait "$demo_gateway_pid"
      return
    fi
    sleep 0.1
  done

  # The person's card, from the simulator's test JPKI CA; taken out until ./ops/vcard insert.
  local card
  card=$(java $JAVA_OPTS -jar "$SIM_JAR" card --root "$DEMO_OQS_ROOT" --person "$DEMO_PERSON")
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$VCARD_JAR" serve --card "$card" --control "$DEMO_CARD_CONTROL" \
    >"$DEMO_DIR/vcard.out" 2>&1 &
  demo_pids+=($!)

  # The agent: its own token, the gateway's agent CA, the demo card's PIN answered by a script.
  (umask 077 && java $JAVA_OPTS -jar "$GATEWAY_JAR" token --role agent --subject demo-agent --desk "$DEMO_DESK" --ttl 1d \
    >"$DEMO_DIR/agent-token")
  (umask 077 && for _ in $(seq 200); do echo 1234; done >"$DEMO_DIR/pins")
  cat >"$DEMO_DIR/agent.yaml" <<YAML
# Written by ./ops/demo. Demo only: the PIN comes from a script (never do this with real cards).
agent.id: demo-agent
gateway.url: wss://localhost:8443/agent/eventbus/websocket
gateway.token-file: $DEMO_DIR/agent-token
gateway.ca-file: $OQSGW_HOME/var/keys/agents/ca.pem
buffer.dir: $DEMO_DIR/journal
pin.prompt: script
pin.script-file: $DEMO_DIR/pins
readers.default-desk: $DEMO_DESK
readers:
  - {match: "Virtual PCD 00 00", id: $DEMO_DESK-reader, desk: $DEMO_DESK}
YAML
  # shellcheck disable=SC2086
  java $JAVA_OPTS -Xmx96m -jar "$AGENT_JAR" run --config "$DEMO_DIR/agent.yaml" \
    >"$DEMO_DIR/agent.out" 2>&1 &
  demo_pids+=($!)

  cat <<TEXT

  Virtual card reader at desk $DEMO_DESK (reader agent → wss://localhost:8443, logs in var/demo/):
    ./ops/vcard insert     put $DEMO_PERSON's My Number card in (PIN 1234, answered by the demo's script)
    ./ops/vcard remove     take it out           ./ops/vcard status
  The first time the card is unknown: the desk gets a linking task (GET /api/v1/card-link-tasks?desk=$DEMO_DESK,
  link it with POST /api/v1/card-link-tasks/{taskId}/link); from then on each insertion runs the patient's
  check. docs/READER-AGENT.md walks through it.

TEXT
  wait "$demo_gateway_pid"
}
