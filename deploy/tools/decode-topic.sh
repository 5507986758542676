#!/usr/bin/env bash
# Decodes one SynScope record from a topic with tools we did not write: kcat reads the raw value,
# tail strips the 10-byte single-object header (C3 01 + 8-byte schema fingerprint), and Apache
# avro-tools renders the Avro body as JSON using the .avsc that `synscope schema TYPE` prints.
#
#   deploy/tools/decode-topic.sh BOOTSTRAP TOPIC TYPE [OFFSET]
#   deploy/tools/decode-topic.sh 127.0.0.1:9092 synscope.tcp.anomalies AnomalyEvent
#
# Needs: kcat (apt-get install -y kcat), java, and avro-tools (fetched once into ~/.m2 by Maven).
set -euo pipefail
bootstrap=${1:?usage: decode-topic.sh BOOTSTRAP TOPIC TYPE [OFFSET]}
topic=${2:?usage: decode-topic.sh BOOTSTRAP TOPIC TYPE [OFFSET]}
type=${3:?usage: decode-topic.sh BOOTSTRAP TOPIC TYPE [OFFSET]}
offset=${4:-beginning}
here=$(cd "$(dirname "$0")" && pwd)
avro_version=1.12.2
jar="${AVRO_TOOLS_JAR:-$HOME/.m2/repository/org/apache/avro/avro-tools/$avro_version/avro-tools-$avro_version.jar}"
if [ ! -f "$jar" ]; then
  mvn -q dependency:get -Dartifact=org.apache.avro:avro-tools:$avro_version -Dtransitive=false >&2
fi
command -v kcat >/dev/null || { echo "kcat not found: apt-get install -y kcat" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
schema_file="${SCHEMA_FILE:-}"
if [ -z "$schema_file" ]; then
  schema_file="$tmp/$type.avsc"
  "$here/../../synscope" schema "$type" > "$schema_file"
fi
kcat -b "$bootstrap" -t "$topic" -C -o "$offset" -c 1 -e -q -f '%s' > "$tmp/record"
tail -c +11 "$tmp/record" > "$tmp/body"
java -jar "$jar" fragtojson --schema-file "$schema_file" "$tmp/body"
