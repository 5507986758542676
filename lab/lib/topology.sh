# shellcheck shell=bash
# SynScope lab topology: three network namespaces, documentation addresses only (RFC 5737).
#
#   ${P}-client                     ${P}-fw (router + NAT firewall)                 ${P}-server
#   veth-c 192.0.2.10/24 ──── veth-cb ─[br-c 192.0.2.1/24]                           veth-s 198.51.100.10/24
#                                       [veth-fs 198.51.100.1/24] ──────────────────── (default via .1)
#   (default via 192.0.2.1)             lo: 203.0.113.80/32 (the virtual IP)
#                               veth-s2b ─[br-c]  ──────────────────────────────────── veth-s2 192.0.2.20/24
#                                                                                       (DOWN unless the
#                                                                                        asymmetric scenario)
#
# The firewall DNATs the virtual IP to the server (the article's pfSense), drops or rejects some
# ports on purpose, and forwards everything else. The client bridge exists so that a second server
# interface can sit on the client subnet (asymmetric routing) without changing anything else.
#
# Source this file; it defines functions and constants only. Every function is idempotent.

LAB_PREFIX="${LAB_PREFIX:-ss}"
NS_CLIENT="${LAB_PREFIX}-client"
NS_FW="${LAB_PREFIX}-fw"
NS_SERVER="${LAB_PREFIX}-server"

CLIENT_IP=192.0.2.10
FW_CLIENT_IP=192.0.2.1
SERVER_ALT_IP=192.0.2.20        # second server interface on the client subnet (asymmetric routing)
FW_SERVER_IP=198.51.100.1
SERVER_IP=198.51.100.10
VIP=203.0.113.80
DEAD_SERVER_SIDE_IP=198.51.100.99  # nobody answers ARP for it (router sends ICMP host unreachable)
DEAD_CLIENT_SIDE_IP=192.0.2.99     # nobody answers ARP for it (client's own stack reports it)
DEAD_GATEWAY_IP=198.51.100.254     # a "broken default route": on-link gateway that does not exist
DEAD_GATEWAY_MAC=00:00:5e:00:53:fe # documentation MAC (RFC 7042) pinned for it: frames go nowhere
SPOOFED_FLOOD_SRC=192.0.2.66       # SYN flood source: on the client subnet, never answers

PORT_HTTP=80           # DNAT VIP:80 -> server:80, the HTTP service
PORT_CLOSED=81         # DNAT VIP:81 -> server:81, nothing listens: the server's kernel answers RST
PORT_DROPPED=8080      # DNAT VIP:8080 -> server:8080, FORWARD DROP: the SYN vanishes
PORT_REJECTED=8443     # not DNATed: INPUT REJECT tcp-reset on the VIP, the firewall forges the RST
PORT_NEVER_CLOSE=9000  # DNAT VIP:9000 -> server:9000, a server that never calls close()

LAB_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LAB_PYTHON="${LAB_PYTHON:-/usr/bin/python3}"

lab_log() { printf '%s [lab] %s\n' "$(date -u +%H:%M:%S.%3N)" "$*" >&2; }

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

lab_ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

lab_require_tools() {
  local missing=() t
  for t in ip iptables tcpdump curl "$LAB_PYTHON" ss "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if ((${#missing[@]})); then
    echo "missing tools: ${missing[*]} (Debian: apt-get install -y iproute2 iptables tcpdump curl python3 hping3 tshark)" >&2
    return 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "the lab needs root (network namespaces, iptables, raw sockets)" >&2
    return 1
  fi
}

# Kill every process still running inside one of our namespaces (only our lab's namespaces).
lab_kill_ns_processes() {
  local ns pid
  for ns in "$NS_CLIENT" "$NS_FW" "$NS_SERVER"; do
    lab_ns_exists "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      kill -TERM "$pid" 2>/dev/null || true
    done
  done
  sleep 0.2
  for ns in "$NS_CLIENT" "$NS_FW" "$NS_SERVER"; do
    lab_ns_exists "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
}

lab_down() {
  lab_kill_ns_processes
  local ns
  for ns in "$NS_CLIENT" "$NS_FW" "$NS_SERVER"; do
    if lab_ns_exists "$ns"; then
      ip netns del "$ns" 2>/dev/null || lab_log "could not delete namespace $ns"
    fi
  done
}

lab_up() {
  lab_down
  lab_log "creating namespaces $NS_CLIENT $NS_FW $NS_SERVER"
  ip netns add "$NS_CLIENT"
  ip netns add "$NS_FW"
  ip netns add "$NS_SERVER"
  local ns
  for ns in "$NS_CLIENT" "$NS_FW" "$NS_SERVER"; do
    in_ns "$ns" ip link set lo up
    # The lab is IPv4: no IPv6 router solicitations / MLD reports in the captures.
    in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done

  # client <-> firewall client-side bridge
  ip link add veth-c netns "$NS_CLIENT" type veth peer name veth-cb netns "$NS_FW"
  # firewall <-> server
  ip link add veth-fs netns "$NS_FW" type veth peer name veth-s netns "$NS_SERVER"
  # second server interface, on the client bridge (asymmetric routing); kept DOWN by default
  ip link add veth-s2 netns "$NS_SERVER" type veth peer name veth-s2b netns "$NS_FW"

  in_ns "$NS_FW" ip link add br-c type bridge
  in_ns "$NS_FW" ip link set veth-cb master br-c
  in_ns "$NS_FW" ip link set veth-s2b master br-c
  in_ns "$NS_FW" ip addr add "$FW_CLIENT_IP/24" dev br-c
  in_ns "$NS_FW" ip addr add "$FW_SERVER_IP/24" dev veth-fs
  in_ns "$NS_FW" ip addr add "$VIP/32" dev lo
  for dev in br-c veth-cb veth-s2b veth-fs; do in_ns "$NS_FW" ip link set "$dev" up; done
  in_ns "$NS_FW" sysctl -qw net.ipv4.ip_forward=1
  # br-c must be a plain switch. Where br_netfilter is loaded (it is on this kernel, and its
  # per-namespace default is 1), bridged frames would go through iptables and conntrack, and
  # conntrack would "repair" the asymmetric-routing scenario by un-NATing the server's direct reply.
  if [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    in_ns "$NS_FW" sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0
  fi

  in_ns "$NS_CLIENT" ip addr add "$CLIENT_IP/24" dev veth-c
  in_ns "$NS_CLIENT" ip link set veth-c up
  in_ns "$NS_CLIENT" ip route add default via "$FW_CLIENT_IP"

  in_ns "$NS_SERVER" ip addr add "$SERVER_IP/24" dev veth-s
  in_ns "$NS_SERVER" ip addr add "$SERVER_ALT_IP/24" dev veth-s2
  in_ns "$NS_SERVER" ip link set veth-s up
  in_ns "$NS_SERVER" ip link set veth-s2 down
  in_ns "$NS_SERVER" ip route add default via "$FW_SERVER_IP"

  # Finished checksums in the captures (see lib/tx_checksum_off.py).
  in_ns "$NS_CLIENT" "$LAB_PYTHON" "$LAB_LIB_DIR/tx_checksum_off.py" veth-c
  in_ns "$NS_FW" "$LAB_PYTHON" "$LAB_LIB_DIR/tx_checksum_off.py" veth-cb veth-s2b veth-fs br-c
  in_ns "$NS_SERVER" "$LAB_PYTHON" "$LAB_LIB_DIR/tx_checksum_off.py" veth-s veth-s2

  lab_firewall_rules
  lab_wait_link "$NS_CLIENT" veth-c
  lab_wait_link "$NS_FW" br-c
  lab_wait_link "$NS_FW" veth-fs
  lab_wait_link "$NS_SERVER" veth-s
}

lab_firewall_rules() {
  local p
  in_ns "$NS_FW" iptables -t nat -F PREROUTING
  in_ns "$NS_FW" iptables -F FORWARD
  in_ns "$NS_FW" iptables -F INPUT
  for p in "$PORT_HTTP" "$PORT_CLOSED" "$PORT_DROPPED" "$PORT_NEVER_CLOSE"; do
    in_ns "$NS_FW" iptables -t nat -A PREROUTING -d "$VIP" -p tcp --dport "$p" \
      -j DNAT --to-destination "$SERVER_IP:$p"
  done
  # FORWARD sees the packet after DNAT: match the real server address.
  in_ns "$NS_FW" iptables -A FORWARD -d "$SERVER_IP" -p tcp --dport "$PORT_DROPPED" -j DROP
  # The forged RST must come from the address the client talks to (the VIP). A REJECT in FORWARD
  # after DNAT is NOT un-NATed by this kernel (6.x, iptables-nft): the RST leaves with the server's
  # real address and the client ignores it (seen in the lab). So the VIP's port is not DNATed and
  # the firewall rejects it in INPUT, as a firewall policy on the virtual IP would.
  in_ns "$NS_FW" iptables -A INPUT -d "$VIP" -p tcp --dport "$PORT_REJECTED" \
    -j REJECT --reject-with tcp-reset
}

# Wait (bounded: 5 s) until an interface reports operstate UP (veth peers and bridge ports take
# a moment), so the first scenario starts clean. No ping needed.
lab_wait_link() {
  local ns="$1" dev="$2" i
  for i in $(seq 1 50); do
    if [[ "$(in_ns "$ns" cat "/sys/class/net/$dev/operstate" 2>/dev/null)" == up ]]; then return 0; fi
    sleep 0.1
  done
  lab_log "warning: $ns/$dev is not up"
  return 1
}

# Start a background process in a namespace; print its pid. Output goes to $3 (log file).
lab_spawn() {
  local ns="$1" log="$2"; shift 2
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  echo $!
}

# Wait (bounded) until something listens on a TCP port in a namespace.
lab_wait_listen() {
  local ns="$1" port="$2" i
  for i in $(seq 1 50); do
    if in_ns "$ns" ss -tlnH "sport = :$port" | grep -q .; then return 0; fi
    sleep 0.1
  done
  lab_log "nothing listens on port $port in $ns"
  return 1
}

lab_start_servers() {
  local logdir="$1"
  lab_spawn "$NS_SERVER" "$logdir/http-server.log" \
    "$LAB_PYTHON" "$LAB_LIB_DIR/http_server.py" "$SERVER_IP" "$PORT_HTTP" >/dev/null
  lab_spawn "$NS_SERVER" "$logdir/never-close-server.log" \
    "$LAB_PYTHON" "$LAB_LIB_DIR/never_close_server.py" "$SERVER_IP" "$PORT_NEVER_CLOSE" >/dev/null
  lab_wait_listen "$NS_SERVER" "$PORT_HTTP"
  lab_wait_listen "$NS_SERVER" "$PORT_NEVER_CLOSE"
}

# Start tcpdump in a namespace on an interface; wait until it is really capturing. Prints the pid.
lab_capture_start() {
  local ns="$1" dev="$2" file="$3" log="$3.log" pid i
  rm -f "$file" "$log"
  ip netns exec "$ns" tcpdump -i "$dev" -s 128 -U -n --immediate-mode -Z root -w "$file" >"$log" 2>&1 &
  pid=$!
  for i in $(seq 1 50); do
    if grep -q "listening on" "$log" 2>/dev/null; then echo "$pid"; return 0; fi
    sleep 0.1
  done
  lab_log "tcpdump on $ns/$dev did not start: $(cat "$log")"
  kill -INT "$pid" 2>/dev/null || true
  return 1
}

# Stop captures (pids) together. SIGTERM: tcpdump breaks its loop, flushes and closes the file
# exactly as on SIGINT, and unlike SIGINT it is not ignored by background jobs of a
# non-interactive shell. tcpdump needs about a second to notice; SIGKILL after 4 s.
lab_capture_stop() {
  local pid i alive
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 80); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.05
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# ss snapshot of all TCP sockets in a namespace, with a header line saying where and when.
lab_ss_snapshot() {
  local ns="$1" out="$2"
  {
    echo "# ss -tanH in $ns at $(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
    in_ns "$ns" ss -tanH
  } >"$out"
}

# Undo what a scenario may have changed (used by traps): second server interface down, server's
# default route back to the firewall. Safe to call at any time.
lab_restore() {
  lab_ns_exists "$NS_SERVER" || return 0
  in_ns "$NS_SERVER" ip link set veth-s2 down 2>/dev/null || true
  in_ns "$NS_SERVER" ip route replace default via "$FW_SERVER_IP" 2>/dev/null || true
  in_ns "$NS_SERVER" ip neigh del "$DEAD_GATEWAY_IP" dev veth-s 2>/dev/null || true
}

lab_is_up() { lab_ns_exists "$NS_CLIENT" && lab_ns_exists "$NS_FW" && lab_ns_exists "$NS_SERVER"; }
