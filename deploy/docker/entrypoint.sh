#!/bin/sh
# Container entry point: `synscope <subcommand> [flags]`, flags also from SYNSCOPE_* variables.
# The probe needs the JVM that carries cap_net_raw/cap_net_admin (see the Dockerfile); every other
# subcommand runs on the plain JVM, so it starts even where the runtime grants no capabilities.
set -eu
home=/opt/synscope
java="/opt/java/plain/bin/java"
if [ "${1:-}" = "probe" ]; then
  java="${JAVA_HOME}/bin/java"
fi
exec "$java" ${SYNSCOPE_JAVA_OPTS:-} -Dsynscope.home="$home" -cp "$home/synscope-cli.jar:$home/lib/*" \
  dev.synscope.cli.SynScope "$@"
