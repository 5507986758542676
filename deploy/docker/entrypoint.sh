#!/bin/sh
# Container entry point: `synscope <subcommand> [flags]`, flags also from SYNSCOPE_* variables.
# Runs the tarball's launcher, /opt/synscope/bin/synscope, which takes its JVM from JAVA_HOME.
# The probe needs the JVM that carries cap_net_raw/cap_net_admin (see the Dockerfile); every other
# subcommand runs on the plain JVM, so it starts even where the runtime grants no capabilities.
set -eu
if [ "${1:-}" != "probe" ]; then
  JAVA_HOME=/opt/java/plain
  export JAVA_HOME
fi
exec /opt/synscope/bin/synscope "$@"
