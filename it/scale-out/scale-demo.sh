#!/usr/bin/env bash
# Scale-out demo (issue 7), one command, loopback only:
#   it/scale-out/scale-demo.sh [--kill|--no-kill] [--keep-running]
# Starts a 3-node KRaft cluster (own JVMs; topics with 6 partitions, replication factor 3), two
# `synscope streams` instances (own JVMs, standby replicas 1, query API + NOC page on 127.0.0.1 free ports),
# replays deploy/demo's captures (client + server vantage) through probes, then prints which instance owns
# which partitions, the same queries answered identically by both instances, and the anomalies by type.
# --kill (default): SIGKILLs one instance and polls the other through the move (503 + Retry-After, then 200).
# --keep-running: waits for Ctrl-C (at most 1 hour) so the NOC pages can be opened in a browser.
# Everything is stopped and its temporary data deleted at the end, also on Ctrl-C or failure.
# Logs (demo, instances): it/scale-out/target/scale-demo/. SCALE_DEMO_BUILD=0 skips the (offline) build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
module="$root/it/scale-out"
out="$module/target/scale-demo"
cd "$root"

if [ "${SCALE_DEMO_BUILD:-1}" != 0 ] || [ ! -s "$out/classpath.txt" ]; then
  echo "building (offline, tests skipped)..." >&2
  # quiet Maven still prints colour resets; the pipe keeps its exit status (pipefail)
  mvn -o -q -B -DskipTests install -pl it/scale-out -am 2>&1 | sed -e $'s/\e\\[[0-9;]*m//g' -e '/^$/d' >&2
  mkdir -p "$out"
  mvn -o -q -B -pl it/scale-out test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" \
      -Dmdep.includeScope=test 2>&1 | sed -e $'s/\e\\[[0-9;]*m//g' -e '/^$/d' >&2
fi
mkdir -p "$out"
cp="$module/target/test-classes:$(cat "$out/classpath.txt")"

# from the module's directory: the demo captures are read from ../../deploy/demo, as ScaleOutIT reads them.
# exec: Ctrl-C reaches the JVM, whose shutdown hook stops the cluster and instances and deletes their data
cd "$module"
exec java -Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlogback.configurationFile="$module/src/test/resources/scale-demo-logback.xml" -Dscale.demo.logs="$out" \
    -cp "$cp" dev.synscope.it.scaleout.ScaleDemo "$@"
