#!/usr/bin/env bash
# Probe benchmark (not a test): one command, every number on the same capture in the same run.
#   bench/probe-bench.sh [PACKETS]        (default 3000000; needs root for the live part)
#   LIVE_ONLY=1 bench/probe-bench.sh      only the live part, appended to the results
#   LIVE_PROBE_ARGS='--capture-buffer 67108864' ...   extra probe flags for the live part
#   STEADY_PACKETS=10000000 ...   size of the second, longer capture for the steady-state end-to-end
#                                 rate (0 = skip): a probe runs for days, and on the 3M-packet file
#                                 the ~4 s run is largely JIT warm-up
# Measures: tcpdump -r, tshark conv,tcp, pcap4j getNextRawPacket and dispatch, our reader (+decode,
# +encode), file -> decode -> Kafka (acknowledged) end to end with lz4 and zstd, bytes per packet on
# the broker, the probe's peak RSS, and live capture at 200k packets/s on a veth pair from a network
# namespace (tcpreplay, bounded by --limit). Results: bench/out/probe-results.txt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packets=${1:-3000000}
out="$root/bench/out"
mkdir -p "$out"
results="$out/probe-results.txt"
[ -n "${LIVE_ONLY:-}" ] || : > "$results"
say() { echo "$*" | tee -a "$results"; }
now() { date +%s%N; }
rate() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'; }

cd "$root"
echo "building (offline, tests skipped)..." >&2
mvn -o -q -B -DskipTests install -pl cli -am >&2
mvn -o -q -B -pl probe test-compile dependency:build-classpath -Dmdep.outputFile="$out/probe-cp.txt" \
    -Dmdep.includeScope=test >&2
probe_cp="$root/probe/target/test-classes:$root/probe/target/classes:$(cat "$out/probe-cp.txt")"
cli_cp="$root/cli/target/synscope-cli.jar:$root/cli/target/lib/*"
java_opts=(-Xmx1g -Dorg.pcap4j.core.pcapLibName=/usr/lib/x86_64-linux-gnu/libpcap.so.0.8)

capture="$out/synthetic-$packets.pcap"
if [ ! -s "$capture" ]; then
  java "${java_opts[@]}" -cp "$probe_cp" dev.synscope.probe.testing.SyntheticTraffic "$capture" "$packets" >&2
fi
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
say "capture: $capture ($packets packets, $(stat -c %s "$capture") bytes, snaplen 128, synthetic TCP flows)"

broker_pid=""
stop_broker() {
  if [ -n "$broker_pid" ]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; broker_pid=""; fi
  rm -rf "$out/kafka-data"
}
start_broker() {
  rm -rf "$out/kafka-data"
  rm -f "$out/broker.log"   # else the wait below may read the previous broker's address
  java -Xmx2g -cp "$cli_cp" dev.synscope.cli.SynScope broker --port 0 --partitions 4 --data-dir "$out/kafka-data" \
    > "$out/broker.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 120); do
    grep -q "Kafka is running at" "$out/broker.log" && break
    sleep 0.5
  done
  bootstrap=$(sed -n 's/.*Kafka is running at \([^ ]*\).*/\1/p' "$out/broker.log" | head -1)
  [ -n "$bootstrap" ] || { cat "$out/broker.log" >&2; echo "broker did not start" >&2; exit 1; }
}
trap 'stop_broker' EXIT

if [ -z "${LIVE_ONLY:-}" ]; then
# --- reference tools -------------------------------------------------------------------------
cat "$capture" > /dev/null   # page cache
t0=$(now); tcpdump -r "$capture" -w /dev/null 2>/dev/null; t1=$(now)
tcpdump_pps=$(rate "$packets" $((t1 - t0)))
say "tcpdump -r -w /dev/null: $tcpdump_pps packets/s"
if command -v tshark >/dev/null; then
  t0=$(now); tshark -r "$capture" -q -z conv,tcp > /dev/null 2>&1; t1=$(now)
  tshark_pps=$(rate "$packets" $((t1 - t0)))
  say "tshark -q -z conv,tcp: $tshark_pps packets/s"
else
  tshark_pps=0; say "tshark: not installed"
fi

# --- in-JVM readers ----------------------------------------------------------------------------
java "${java_opts[@]}" -cp "$probe_cp" dev.synscope.probe.bench.FileReadBench "$capture" 2>/dev/null \
  | while read -r mode n s pps; do say "$mode: $pps packets/s ($n packets in $s s)"; done

# --- end to end: file -> decode -> Kafka, acknowledged ---------------------------------------

for codec in lz4 zstd; do
  start_broker
  /usr/bin/time -v -o "$out/probe-time-$codec.txt" java "${java_opts[@]}" -cp "$cli_cp" dev.synscope.cli.SynScope \
      probe --pcap "$capture" --bootstrap "$bootstrap" --producer-property "compression.type=$codec" \
      > "$out/probe-$codec.log" 2>&1
  summary=$(grep "packets seen" "$out/probe-$codec.log" | tail -1)
  pps=$(sed -n 's/.*; \([0-9]*\) packets\/s$/\1/p' <<< "$summary")
  published=$(sed -n 's/.* \([0-9]*\) published.*/\1/p' <<< "$summary")
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/probe-time-$codec.txt")
  bpp=$(sed -n 's/.*; \([0-9.]*\) bytes\/record to Kafka.*/\1/p' <<< "$summary")
  say "end to end ($codec): $pps packets/s file->decode->Kafka acknowledged; $published records; $bpp bytes/packet sent to Kafka (producer outgoing bytes, compressed); probe peak RSS $((rss_kb / 1024)) MiB (-Xmx1g)"
  say "  summary: $summary"
  if [ "$codec" = lz4 ]; then e2e_pps=$pps; fi
  stop_broker
done
# --- steady state: the same end to end on a longer capture (JIT warm-up amortized) -------------
steady_packets=${STEADY_PACKETS:-10000000}
if [ "$steady_packets" != 0 ]; then
  steady="$out/synthetic-$steady_packets.pcap"
  [ -s "$steady" ] || java "${java_opts[@]}" -cp "$probe_cp" dev.synscope.probe.testing.SyntheticTraffic \
      "$steady" "$steady_packets" >&2
  cat "$steady" > /dev/null   # page cache, so the disk is not what is measured
  for gc in G1GC ParallelGC; do
    start_broker
    java "${java_opts[@]}" "-XX:+Use$gc" -cp "$cli_cp" dev.synscope.cli.SynScope probe --pcap "$steady" \
        --bootstrap "$bootstrap" > "$out/probe-steady-$gc.log" 2>&1
    summary=$(grep "packets seen" "$out/probe-steady-$gc.log" | tail -1)
    say "end to end steady state (lz4, $steady_packets packets, -XX:+Use$gc): $(sed -n 's/.*; \([0-9]*\) packets\/s$/\1/p' <<< "$summary") packets/s file->decode->Kafka acknowledged"
    say "  summary: $summary"
    stop_broker
  done
fi

# --- the ceiling: a bare Kafka producer with the probe's settings, records already encoded ---------
# (what the Kafka client and the broker on this machine can take, without capture or decoding)
start_broker
java -Xmx3g -cp "$probe_cp" dev.synscope.probe.bench.ProducerCeilingBench "$capture" "$bootstrap" \
    synscope.tcp.headers "${CEILING_RECORDS:-1000000}" 1 2 2>/dev/null \
  | while read -r mode n s pps; do say "$mode (bare KafkaProducer, lz4, acks=all, pre-encoded records): $pps records/s ($n records in $s s)"; done
stop_broker
say "ratios (end to end lz4): vs tcpdump $(awk -v a="$e2e_pps" -v b="$tcpdump_pps" 'BEGIN {printf "%.3f", a/b}'), vs tshark $(awk -v a="$e2e_pps" -v b="$tshark_pps" 'BEGIN { if (b > 0) printf "%.1f", a/b; else print "n/a" }')"

fi

# --- live: 200k packets/s on a veth pair from a network namespace ------------------------------
if [ "$(id -u)" != 0 ] || ! command -v tcpreplay >/dev/null; then
  say "live: skipped (needs root and tcpreplay: apt-get install -y tcpreplay)"
  exit 0
fi
ns=ssbench$$; host_if=vhb$$; ns_if=vnb$$
cleanup_ns() { ip netns del "$ns" 2>/dev/null || true; ip link del "$host_if" 2>/dev/null || true; }
trap 'stop_broker; cleanup_ns' EXIT
ip netns add "$ns"
ip link add "$host_if" type veth peer name "$ns_if"
ip link set "$ns_if" netns "$ns"
# no IP address on either side: the replayed frames (documentation addresses, foreign MACs) reach
# the capture and are then discarded by the host (PACKET_OTHERHOST), never routed anywhere
ip link set "$host_if" up
ip netns exec "$ns" ip link set "$ns_if" up
live_packets=$(( packets < 1000000 ? packets : 1000000 ))
start_broker
java "${java_opts[@]}" -cp "$cli_cp" dev.synscope.cli.SynScope probe --iface "$host_if" --bootstrap "$bootstrap" \
    --probe-id bench-live ${LIVE_PROBE_ARGS:-} > "$out/probe-live.log" 2>&1 &
probe_pid=$!
for _ in $(seq 1 60); do grep -q "capturing on" "$out/probe-live.log" && break; sleep 0.5; done
ip netns exec "$ns" tcpreplay --intf1="$ns_if" --pps=200000 --limit="$live_packets" "$capture" > "$out/tcpreplay.log" 2>&1
sleep 2
# a background job of a script ignores SIGINT; TERM runs the same shutdown hook, which drains the
# send buffer to Kafka (bounded by the 30 s close timeout per stage) and prints the summary
t_term=$(now)
kill -TERM "$probe_pid"
for _ in $(seq 1 300); do kill -0 "$probe_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$probe_pid" 2>/dev/null; then
  say "live: probe still draining 150 s after SIGTERM; killed"
  kill -KILL "$probe_pid" 2>/dev/null || true
fi
wait "$probe_pid" || true
say "live: probe exited $(awk -v ns=$(( $(now) - t_term )) 'BEGIN { printf "%.1f", ns / 1e9 }') s after SIGTERM"
say "load average after the live run: $(cut -d' ' -f1-3 /proc/loadavg)"
summary=$(grep "packets seen" "$out/probe-live.log" | tail -1 || true)
say "live: tcpreplay $(grep -E 'Rated:' "$out/tcpreplay.log" | head -1 | sed 's/^ *//')"
say "live: tcpreplay $(grep -E 'Actual:' "$out/tcpreplay.log" | head -1 | sed 's/^ *//')"
say "live: probe flags: defaults ${LIVE_PROBE_ARGS:-}"
say "live summary: $summary"
