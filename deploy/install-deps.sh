#!/usr/bin/env bash
# Installs, on Debian, what SynScope and its tests use beyond Java and Maven:
#   libpcap0.8  - pcap4j's capture library (probe)
#   tcpdump     - makes the lab's reference captures
#   tshark      - the reference decoder our decoder is checked against, and a benchmark baseline
#   kcat        - reads our topics in the wire-format test (a tool we did not write)
#   hping3      - crafted packets in the lab (bounded counts)
#   iproute2, iptables - network namespaces, veth, NAT and filters of the lab
#   chromium, chromium-driver - headless browser test of the NOC web page (streams-app NocPageIT)
# Run as root. Idempotent.
set -euo pipefail
packages=(libpcap0.8 tcpdump tshark kcat hping3 iproute2 iptables procps chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v mvn >/dev/null || missing+=(maven)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture: answer no, without a prompt
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "installed: ${missing[*]}"
else
  echo "all test dependencies present"
fi
