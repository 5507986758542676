#!/usr/bin/env bash
# Scale-out benchmark (not a test): streams-app throughput with 1, 2 and 3 instances on the same input.
#   bench/scale-bench.sh [PACKETS]      (default 1000000; much smaller inputs measure mostly JIT warm-up)
# Environment:
#   INSTANCES=1,2,3          instance counts to measure, in this order
#   CORES_PER_INSTANCE=1     each instance is pinned (taskset -a) to this many cores of its own, round robin over
#                            the machine's cores, runs that many stream threads and sees that many processors
#                            (-XX:ActiveProcessorCount); on a machine with fewer cores than instances x cores the
#                            instances share cores - the result then shows the machine as the bound
#   BROKERS=1                Kafka nodes (KRaft, own JVMs; 3 gives RF 3 like production, but on a small machine the
#                            brokers' replication takes the cores the instances should get)
# The headers topic has 6 partitions: more than 6 stream threads in total cannot add throughput.
# Generates a synthetic capture (probe's SyntheticTraffic: 2,000 interleaved TCP connections). For each instance
# count, on a fresh cluster: starts the instances (synscope streams, own JVMs), waits until all are RUNNING and the
# group is stable, then publishes the capture (probe, in the bench JVM) and measures the time from the first
# published record to every record committed (exactly_once_v2), plus the instances' CPU time per record
# (/proc utime+stime: independent of how busy the machine is). Startup and rebalances are outside the timing.
# Results: bench/out/scale-results.txt (and the instances' logs under bench/out/scale/).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packets=${1:-1000000}
out="$root/bench/out"
work="$out/scale"
mkdir -p "$out"
cd "$root"
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }

echo "building (offline, tests skipped)..." >&2
mvn -o -q -B -DskipTests install -pl it/scale-out -am >&2
mvn -o -q -B -pl probe test-compile >&2
mvn -o -q -B -pl it/scale-out test-compile dependency:build-classpath -Dmdep.outputFile="$out/scale-cp.txt" \
    -Dmdep.includeScope=test >&2
cp="$root/it/scale-out/target/test-classes:$root/probe/target/test-classes:$(cat "$out/scale-cp.txt")"

capture="$out/synthetic-$packets.pcap"
if [ ! -s "$capture" ]; then
  java -Xmx1g -cp "$cp" dev.synscope.probe.testing.SyntheticTraffic "$capture" "$packets" >&2
fi
rm -rf "$work"
# the bench JVM runs the probe once and the bookkeeping; the instances and brokers are its child JVMs,
# all of which end with it (WatchedMain)
java -Xmx1g -cp "$cp" dev.synscope.it.scaleout.ScaleBench "$capture" "$work" "${INSTANCES:-1,2,3}" \
    "${CORES_PER_INSTANCE:-1}" "${BROKERS:-1}" > "$work.log" 2>&1 || { tail -40 "$work.log" >&2; exit 1; }
cp "$work/scale-results.txt" "$out/scale-results.txt"
cat "$out/scale-results.txt"
rm -rf "$work"/run-*/kafka "$work"/run-*/state
