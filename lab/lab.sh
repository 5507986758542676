#!/usr/bin/env bash
# The SynScope lab: the article's TCP failures on the real Linux TCP stack, in network namespaces.
#
#   lab.sh up                     build the topology (lib/topology.sh) and start the servers
#   lab.sh down                   kill the lab's processes, delete its namespaces (idempotent)
#   lab.sh status                 namespaces, servers, `ss -tan` per namespace, firewall counters
#   lab.sh scenario NAME [--capture DIR] [--keep]
#                                 run one scenario; with --capture, tcpdump (snaplen 128) in the
#                                 client and server namespaces writes DIR/NAME-{client,server}.pcap.
#                                 If the lab was not up, it is brought up and torn down afterwards
#                                 unless --keep.
#   lab.sh all [--capture DIR]    up, every scenario in order, down
#   lab.sh list                   scenario names
#   lab.sh judge [FLAGS]          the whole lab judged: SynScope (probes, embedded Kafka, streams app,
#                                 NOC page on 127.0.0.1:8080) diagnoses the ten scenarios and the
#                                 kernel judges its states; prints the table (= ./synscope lab FLAGS)
#
# Snapshots (`ss -tanH` at the telling moment) go to $SNAP_DIR (default /tmp/synscope-lab).
# Env: LAB_PREFIX (namespace prefix, default "ss"), CLOSE_WAIT_POOL, SHORT_CONNECTIONS, SYN_BURST.
# Documentation addresses only (RFC 5737); every loop and wait is bounded.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/topology.sh
source "$HERE/lib/topology.sh"
# shellcheck source=lib/scenarios.sh
source "$HERE/lib/scenarios.sh"

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }

CAP_PIDS=()
TEARDOWN_ON_EXIT=0
on_exit() {
  ((${#CAP_PIDS[@]} == 0)) || lab_capture_stop "${CAP_PIDS[@]}"
  if ((TEARDOWN_ON_EXIT)); then lab_down; else lab_restore; fi
}

cmd_up() {
  lab_require_tools hping3 timeout
  TEARDOWN_ON_EXIT=1          # a failed `up` leaves nothing behind
  lab_up
  mkdir -p "$SNAP_DIR"
  lab_start_servers "$SNAP_DIR"
  TEARDOWN_ON_EXIT=0
  lab_log "lab up: client $NS_CLIENT ($CLIENT_IP), firewall $NS_FW (VIP $VIP), server $NS_SERVER ($SERVER_IP)"
}

cmd_status() {
  local ns
  if ! lab_is_up; then echo "lab is down (no namespaces $NS_CLIENT/$NS_FW/$NS_SERVER)"; return 0; fi
  for ns in "$NS_CLIENT" "$NS_FW" "$NS_SERVER"; do
    echo "== $ns: $(in_ns "$ns" ip -br -4 addr | awk '$1 != "lo" {printf "%s %s %s; ", $1, $2, $3}')"
    in_ns "$ns" ss -tan | sed 's/^/  /'
  done
  echo "== $NS_FW firewall counters"
  in_ns "$NS_FW" iptables -t nat -nvL PREROUTING | sed 's/^/  /'
  in_ns "$NS_FW" iptables -nvL FORWARD | sed 's/^/  /'
  in_ns "$NS_FW" iptables -nvL INPUT | sed 's/^/  /'
}

start_captures() {
  local dir="$1" name="$2"
  mkdir -p "$dir"
  CAP_PIDS+=("$(lab_capture_start "$NS_CLIENT" veth-c "$dir/$name-client.pcap")")
  CAP_PIDS+=("$(lab_capture_start "$NS_SERVER" veth-s "$dir/$name-server.pcap")")
}

stop_captures() {
  ((${#CAP_PIDS[@]} == 0)) || lab_capture_stop "${CAP_PIDS[@]}"
  CAP_PIDS=()
  rm -f "$1"/*.pcap.log
}

cmd_scenario() {
  local name="" capture="" keep=0
  while (($#)); do
    case "$1" in
      --capture) capture="${2:?--capture needs a directory}"; shift 2 ;;
      --keep) keep=1; shift ;;
      -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
      *) name="$1"; shift ;;
    esac
  done
  [[ -n "$name" ]] || { usage >&2; exit 2; }
  scenario_known "$name" || { echo "unknown scenario '$name'; one of: ${SCENARIOS[*]}" >&2; exit 2; }
  if ! lab_is_up; then
    cmd_up
    ((keep)) || TEARDOWN_ON_EXIT=1
  fi
  mkdir -p "$SNAP_DIR"
  [[ -z "$capture" ]] || start_captures "$capture" "$name"
  run_scenario "$name"
  # SYN+ACK retransmissions and late ICMPs belong to the scenario: let them land in the capture.
  [[ -z "$capture" ]] || { sleep 1; stop_captures "$capture"; ls -l "$capture"/"$name"-*.pcap; }
  lab_log "snapshots: $(ls "$SNAP_DIR"/ss-*.txt 2>/dev/null | wc -l) files in $SNAP_DIR"
}

cmd_all() {
  local capture=""
  [[ "${1:-}" == --capture ]] && capture="${2:?--capture needs a directory}"
  TEARDOWN_ON_EXIT=1
  cmd_up
  TEARDOWN_ON_EXIT=1
  local s
  for s in "${SCENARIOS[@]}"; do
    [[ -z "$capture" ]] || start_captures "$capture" "$s"
    run_scenario "$s"
    [[ -z "$capture" ]] || { sleep 1; stop_captures "$capture"; }
  done
  lab_log "all scenarios done; snapshots in $SNAP_DIR"
}

trap on_exit EXIT
trap 'exit 130' INT TERM

case "${1:-}" in
  up) cmd_up ;;
  down) lab_down; lab_log "lab down" ;;
  status) cmd_status ;;
  scenario) shift; cmd_scenario "$@" ;;
  all) shift; cmd_all "$@" ;;
  list) printf '%s\n' "${SCENARIOS[@]}" ;;
  # the Java side builds its own lab, under "<LAB_PREFIX>j" so a lab brought up with `up` is left alone
  judge) shift; exec "$HERE/../synscope" lab --prefix "${LAB_PREFIX}j" --lab-dir "$HERE" "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
