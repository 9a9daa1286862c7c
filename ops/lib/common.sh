# Shared by the ops scripts: where things are, and building only when sources changed.
# shellcheck shell=bash
OQSGW_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export OQSGW_HOME
GATEWAY_JAR="$OQSGW_HOME/gateway/target/oqs-gateway.jar"
AGENT_JAR="$OQSGW_HOME/reader-agent/target/oqs-reader-agent.jar"
VCARD_JAR="$OQSGW_HOME/virtual-card/target/oqs-virtual-card.jar"
# The simulated terminal of the demo and the tests: never part of the gateway's jar.
SIM_JAR="$OQSGW_HOME/oqs-simulator/target/oqs-simulator.jar"
# Japanese text on stdout whatever the terminal's locale (JDK 17 reads these properties).
JAVA_OPTS="${JAVA_OPTS:-} -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8"

die() { printf '%s\n' "$*" >&2; exit 1; }

require_java17() {
  command -v java >/dev/null || die "java not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "java $v found, but the gateway needs Java 17 or newer"
}

# Builds the runnable jars when missing or older than any source, pom or web asset.
build_if_needed() {
  local newer=""
  if [ -f "$GATEWAY_JAR" ] && [ -f "$AGENT_JAR" ] && [ -f "$VCARD_JAR" ] && [ -f "$SIM_JAR" ]; then
    newer=$(find "$OQSGW_HOME/pom.xml" "$OQSGW_HOME"/*/pom.xml "$OQSGW_HOME"/*/src \
      -newer "$GATEWAY_JAR" -type f -print -quit 2>/dev/null)
    [ -z "$newer" ] && return 0
  fi
  echo "Building OQS Gateway (first time, or sources changed)…" >&2
  (cd "$OQSGW_HOME" && ./mvnw -q -B -DskipTests package) || die "build failed: see the Maven output above"
}

# The gateway's JVM options as the shipped unit gives them (ops/systemd/oqs-gateway.service, ExecStart=:
# java-cds DIR OPTIONS -jar …); ops/systemd/java-cds adds the class-data archive to them.
unit_java_opts() {
  sed -n 's#^ExecStart=/usr/lib/oqs-gateway/java-cds [^ ]* \(.*\) -jar .*#\1#p' "$OQSGW_HOME/ops/systemd/oqs-gateway.service"
}
