#!/usr/bin/env bash
# The streams benchmark, one command: builds the module's test classes, then runs each phase in its own
# JVM (a local KRaft broker inside it) and prints markdown table rows for BENCHMARKS.md "Streams".
#   streams-app/bench/run-streams-benchmark.sh [throughput-connections] [concurrent-connections] [latency-attempts]
# The bounded-state soak (issue 12) alone, at -Xmx1g (limit per task: -Dmax.connections.per.task in JAVA_OPTS_EXTRA):
#   streams-app/bench/run-streams-benchmark.sh flood 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = flood ]; then
  mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
  CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
  exec java -Xmx1g ${JAVA_OPTS_EXTRA:-} -cp "$CP" -Dlogback.configurationFile=bench/logback-bench.xml \
    dev.synscope.streams.bench.StreamsBenchmark flood "${2:-1000000}" exactly_once_v2
fi
THROUGHPUT=${1:-100000}
CONCURRENT=${2:-1000000}
LATENCY=${3:-500}
mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
JAVA_OPTS_EXTRA=""
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
run() { java -Xmx"$1" $JAVA_OPTS_EXTRA -cp "$CP" -Dlogback.configurationFile=bench/logback-bench.xml dev.synscope.streams.bench.StreamsBenchmark "${@:2}"; }
echo "| phase | input | time | result |"
echo "|---|---|---|---|"
echo "| load before | $(uptime | sed 's/.*load average: //') | | |"
# the Kafka Streams ceiling: same input through a trivial topology (decode + pass-through), same settings
run 2g ceiling "$THROUGHPUT" exactly_once_v2
run 2g throughput "$THROUGHPUT" exactly_once_v2
JAVA_OPTS_EXTRA=-Dnum.stream.threads=2 run 2g throughput "$THROUGHPUT" exactly_once_v2
JAVA_OPTS_EXTRA=-Dcommit.interval.ms=1000 run 2g throughput "$THROUGHPUT" at_least_once
# the reference the issue asks for: tshark -q -z conv,tcp on the same connections written as a pcap
if command -v tshark >/dev/null; then run 1g tshark "$THROUGHPUT"; else echo "| tshark | not installed | | |"; fi
echo "| load after throughput | $(uptime | sed 's/.*load average: //') | | |"
run 1g concurrent "$CONCURRENT" exactly_once_v2
run 1g latency "$LATENCY" exactly_once_v2
