#!/usr/bin/env bash
# Freezes the current schemas as a released version, so future readers keep decoding what this
# release writes and SchemaCompatibilityTest checks every later change against it.
#   schemas/snapshot-schemas.sh v2
set -euo pipefail
version=${1:?usage: schemas/snapshot-schemas.sh VERSION   (e.g. v2)}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/src/main/resources/released/$version"
mkdir -p "$out"
for type in ConnectionKey HeaderObservation ConnectionState ConnLogRecord AnomalyEvent ProbeStats DeadLetter EndpointStats; do
  "$here/../synscope" schema "$type" > "$out/$type.avsc"
done
grep -qx "$version" "$here/src/main/resources/released/versions.txt" 2>/dev/null \
  || echo "$version" >> "$here/src/main/resources/released/versions.txt"
echo "released schemas $version written to $out"
