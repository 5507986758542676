#!/usr/bin/env bash
# Regenerates the real captures the probe's decoder is tested against, plus one golden TSV per
# capture written by tshark (a decoder we did not write):
#
#   ipv4-tcp.pcap     Ethernet, IPv4: handshake, data, FIN close (HTTP GET); a 200 KB download with
#                     deterministic drops at the router (SACK blocks); SYN to a closed port (RST)
#   ipv4-icmp.pcap    Ethernet, IPv4: ICMP port / host / admin unreachable from the router's
#                     REJECT rules, and ICMP time exceeded for a SYN sent with TTL 1
#   ipv4-frag.pcap    Ethernet, IPv4: TCP segments fragmented by hping3 (first fragment + later ones)
#   ipv6-tcp.pcap     Ethernet, IPv6 (2001:db8::/32): handshake, data, FIN; RST; ICMPv6 port /
#                     admin unreachable; ICMPv6 time exceeded for a SYN sent with hop limit 1
#   vlan.pcap         Ethernet with an 802.1Q tag (VLAN 100): handshake, data, FIN
#   qinq.pcap         Ethernet with QinQ tags (802.1ad 300 outside, 802.1Q 20 inside): same exchange
#   any-sll2.pcap     tcpdump -i any (Linux cooked v2, the default of libpcap >= 1.10)
#   any-sll.pcap      tcpdump -i any -y LINUX_SLL (Linux cooked v1)
#
# Topology (namespaces dec-a, dec-r, dec-b; documentation addresses only, RFC 5737 / RFC 3849):
#
#   dec-a  veth-a 192.0.2.10/24 2001:db8:1::10/64 ── veth-ra 192.0.2.1 2001:db8:1::1   dec-r (router)
#   dec-r  veth-rb 198.51.100.1/26 2001:db8:2::1/64 ── veth-b 198.51.100.10 2001:db8:2::10  dec-b (server)
#
#   VLANs: this lab's kernel has no 802.1Q support (CONFIG_VLAN_8021Q unset: `type vlan` fails), so
#   vlan_relay.py plays a switch access port: kernel stack on a tap (untagged) <-> relay adds/removes
#   tags <-> veth trunk. The TCP segments are the kernel's; only the tags are added in user space.
#   dec-a  vt-a 203.0.113.10/24   [relay 0x8100:100]           veth-va ── veth-vr [relay] vt-r 203.0.113.1   dec-r
#   dec-a  qt-a 198.51.100.130/28 [relay 0x88a8:300 0x8100:20] veth-qa ── veth-qr [relay] qt-r 198.51.100.129
#
# Usage: sudo lab/captures/make-decode-captures.sh [OUTPUT_DIR]
#        (default: probe/src/test/resources/captures). Idempotent; ~30 s; everything torn down on exit
#        (KEEP_WORK=1 keeps the work directory with tcpdump's logs). Sequence numbers, ports and
#        timestamps differ on every run; the tests compare against whatever the TSVs say.
# Needs: iproute2, iptables/ip6tables, tcpdump, tshark, curl, python3, hping3.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE/../../probe/src/test/resources/captures}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

NS_A=dec-a
NS_R=dec-r
NS_B=dec-b
A4=192.0.2.10; RA4=192.0.2.1; RB4=198.51.100.1; B4=198.51.100.10
A6=2001:db8:1::10; RA6=2001:db8:1::1; RB6=2001:db8:2::1; B6=2001:db8:2::10
VLAN_A=203.0.113.10; VLAN_R=203.0.113.1
QINQ_A=198.51.100.130; QINQ_R=198.51.100.129
PORT_HTTP=8000        # python http.server in dec-b (v4 and v6), and in dec-r on the VLAN addresses
PORT_CLOSED=8001      # nothing listens: the server's kernel answers RST
PORT_REJ_PORT=8002    # router: REJECT --reject-with icmp(6)-port-unreachable
PORT_REJ_HOST=8003    # router: REJECT --reject-with icmp-host-unreachable
PORT_REJ_ADMIN=8004   # router: REJECT --reject-with icmp(-6)-adm(in)-prohibited
SNAPLEN=128           # the probe's default: headers only

# Fields for the golden files (the test reads this list back from each TSV's header line, and
# TsharkLiveComparisonTest re-asks tshark with the same options). Absolute sequence numbers
# everywhere, SACK edges included (tcp.seq / tcp.ack: tshark 4.0 leaves tcp.seq_raw empty inside
# ICMP quotes); no IP defragmentation, so every row describes exactly one frame's own bytes.
FIELDS=(frame.number frame.time_epoch frame.cap_len ieee8021ad.id vlan.id ip.version ip.src ip.dst ipv6.src ipv6.dst
  ip.ttl ipv6.hlim ip.id ip.len ipv6.plen ip.frag_offset ip.proto
  tcp.srcport tcp.dstport tcp.seq tcp.ack tcp.hdr_len tcp.flags tcp.window_size_value tcp.len
  tcp.options.mss_val tcp.options.wscale.shift tcp.options.sack_perm
  tcp.options.timestamp.tsval tcp.options.timestamp.tsecr tcp.options.sack_le tcp.options.sack_re
  icmp.type icmp.code icmpv6.type icmpv6.code)

log() { printf '[decode-captures] %s\n' "$*" >&2; }
in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

PIDS=()
WORK=""
teardown() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  for ns in "$NS_A" "$NS_R" "$NS_B"; do ip netns del "$ns" 2>/dev/null || true; done
}
cleanup() {
  local rc=$?
  teardown
  [[ -n "$WORK" && -z "${KEEP_WORK:-}" ]] && rm -rf "$WORK"
  [[ $rc -ne 0 ]] && log "FAILED (exit $rc)"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in ip iptables ip6tables tcpdump tshark curl python3 hping3 timeout; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
done
[[ $EUID -eq 0 ]] || { log "must run as root (network namespaces)"; exit 1; }

teardown   # idempotent: remove leftovers of an interrupted run
WORK="$(mktemp -d /tmp/synscope-decode-captures.XXXXXX)"

topology() {
  ip netns add "$NS_A"; ip netns add "$NS_R"; ip netns add "$NS_B"
  ip link add veth-a netns "$NS_A" type veth peer name veth-ra netns "$NS_R"
  ip link add veth-rb netns "$NS_R" type veth peer name veth-b netns "$NS_B"
  for ns in "$NS_A" "$NS_R" "$NS_B"; do
    in_ns "$ns" ip link set lo up
    in_ns "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  done
  in_ns "$NS_R" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  # No ICMP rate limiting in the router: every scenario's error must be sent.
  in_ns "$NS_R" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0

  in_ns "$NS_A" ip addr add "$A4/24" dev veth-a
  in_ns "$NS_A" ip addr add "$A6/64" dev veth-a nodad
  in_ns "$NS_A" ip link set veth-a up
  in_ns "$NS_A" ip route add default via "$RA4"
  in_ns "$NS_A" ip -6 route add default via "$RA6"

  in_ns "$NS_R" ip addr add "$RA4/24" dev veth-ra
  in_ns "$NS_R" ip addr add "$RA6/64" dev veth-ra nodad
  in_ns "$NS_R" ip addr add "$RB4/26" dev veth-rb
  in_ns "$NS_R" ip addr add "$RB6/64" dev veth-rb nodad
  in_ns "$NS_R" ip link set veth-ra up
  in_ns "$NS_R" ip link set veth-rb up

  in_ns "$NS_B" ip addr add "$B4/26" dev veth-b
  in_ns "$NS_B" ip addr add "$B6/64" dev veth-b nodad
  in_ns "$NS_B" ip link set veth-b up
  in_ns "$NS_B" ip route add default via "$RB4"
  in_ns "$NS_B" ip -6 route add default via "$RB6"

  # VLAN trunks (tagged by vlan_relay.py, started in servers()).
  ip link add veth-va netns "$NS_A" type veth peer name veth-vr netns "$NS_R"
  ip link add veth-qa netns "$NS_A" type veth peer name veth-qr netns "$NS_R"
  in_ns "$NS_A" ip link set veth-va up; in_ns "$NS_A" ip link set veth-qa up
  in_ns "$NS_R" ip link set veth-vr up; in_ns "$NS_R" ip link set veth-qr up

  # Router filters: ICMP errors quoting the SYN, and deterministic drops of server data (SACK).
  in_ns "$NS_R" iptables -A FORWARD -p tcp --dport "$PORT_REJ_PORT" -j REJECT --reject-with icmp-port-unreachable
  in_ns "$NS_R" iptables -A FORWARD -p tcp --dport "$PORT_REJ_HOST" -j REJECT --reject-with icmp-host-unreachable
  in_ns "$NS_R" iptables -A FORWARD -p tcp --dport "$PORT_REJ_ADMIN" -j REJECT --reject-with icmp-admin-prohibited
  in_ns "$NS_R" iptables -A FORWARD -p tcp --sport "$PORT_HTTP" -m length --length 1000:65535 \
    -m statistic --mode nth --every 12 --packet 6 -j DROP
  in_ns "$NS_R" ip6tables -A FORWARD -p tcp --dport "$PORT_REJ_PORT" -j REJECT --reject-with icmp6-port-unreachable
  in_ns "$NS_R" ip6tables -A FORWARD -p tcp --dport "$PORT_REJ_ADMIN" -j REJECT --reject-with icmp6-adm-prohibited
}

servers() {
  mkdir -p "$WORK/www"
  printf 'SynScope decode capture: hello\n' >"$WORK/www/small.txt"
  head -c 200000 /dev/zero | tr '\0' 'x' >"$WORK/www/big.txt"
  ip netns exec "$NS_B" python3 -m http.server "$PORT_HTTP" --bind "$B4" --directory "$WORK/www" >/dev/null 2>&1 &
  PIDS+=($!)
  ip netns exec "$NS_B" python3 -m http.server "$PORT_HTTP" --bind "$B6" --directory "$WORK/www" >/dev/null 2>&1 &
  PIDS+=($!)
  ip netns exec "$NS_R" python3 -m http.server "$PORT_HTTP" --bind 0.0.0.0 --directory "$WORK/www" >/dev/null 2>&1 &
  PIDS+=($!)
  local relay="$HERE/vlan_relay.py"
  ip netns exec "$NS_A" python3 "$relay" vt-a "$VLAN_A/24" veth-va 0x8100:100 >/dev/null &
  PIDS+=($!)
  ip netns exec "$NS_R" python3 "$relay" vt-r "$VLAN_R/24" veth-vr 0x8100:100 >/dev/null &
  PIDS+=($!)
  ip netns exec "$NS_A" python3 "$relay" qt-a "$QINQ_A/28" veth-qa 0x88a8:300 0x8100:20 >/dev/null &
  PIDS+=($!)
  ip netns exec "$NS_R" python3 "$relay" qt-r "$QINQ_R/28" veth-qr 0x88a8:300 0x8100:20 >/dev/null &
  PIDS+=($!)
  for target in "$NS_A:$B4" "$NS_A:[$B6]" "$NS_A:$VLAN_R" "$NS_A:$QINQ_R"; do
    local ns="${target%%:*}" host="${target#*:}"
    for _ in $(seq 1 50); do
      in_ns "$ns" curl -s -o /dev/null --max-time 1 "http://$host:$PORT_HTTP/small.txt" && break
      sleep 0.1
    done
  done
}

# capture NAME NS IFACE [tcpdump args...] -- starts tcpdump, waits until it listens; stop with stop_capture
CAP_PID=""
capture() {
  local name="$1" ns="$2" iface="$3"; shift 3
  local err="$WORK/$name.tcpdump.log"
  # Started directly (not through a function) so $! is tcpdump itself (ip netns exec execs it).
  ip netns exec "$ns" tcpdump --immediate-mode -U -n -s "$SNAPLEN" -i "$iface" -w "$WORK/$name" "$@" 2>"$err" &
  CAP_PID=$!
  PIDS+=("$CAP_PID")
  for _ in $(seq 1 50); do grep -q 'listening on' "$err" 2>/dev/null && break; sleep 0.1; done
}
stop_capture() {
  sleep 0.5
  # SIGTERM, not SIGINT: background jobs of a non-interactive shell ignore SIGINT. tcpdump
  # flushes and closes the file on SIGTERM.
  kill -TERM "$CAP_PID" 2>/dev/null || true
  wait "$CAP_PID" 2>/dev/null || true
}

# A SYN with a chosen TTL / hop limit: the router answers with ICMP time exceeded quoting it.
low_ttl_syn() {
  local ns="$1" family="$2" host="$3" port="$4"
  in_ns "$ns" python3 - "$family" "$host" "$port" <<'PY' || true
import socket, sys
family, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if family == "6":
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 1)
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 1)
s.settimeout(1.2)
try:
    s.connect((host, port))
except OSError as e:
    print("low-ttl connect:", e)
PY
}

acurl() { in_ns "$NS_A" curl -sS -o /dev/null --max-time "${2:-2}" "$1" 2>&1 || true; }

golden() {
  local pcap="$1"
  tshark -n -r "$pcap" -o ip.defragment:FALSE -o ipv6.defragment:FALSE \
    -o tcp.relative_sequence_numbers:FALSE -o tcp.analyze_sequence_numbers:FALSE \
    -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, \
    $(printf -- '-e %s ' "${FIELDS[@]}") >"${pcap%.pcap}.tsv"
}

topology
servers

log "ipv4-tcp: handshake, data, FIN; SACK download; RST"
capture ipv4-tcp.pcap "$NS_A" veth-a
acurl "http://$B4:$PORT_HTTP/small.txt"
acurl "http://$B4:$PORT_HTTP/big.txt" 5
acurl "http://$B4:$PORT_CLOSED/"
stop_capture

log "ipv4-icmp: port / host / admin unreachable, time exceeded"
capture ipv4-icmp.pcap "$NS_A" veth-a tcp or icmp
acurl "http://$B4:$PORT_REJ_PORT/" 1
acurl "http://$B4:$PORT_REJ_HOST/" 1
acurl "http://$B4:$PORT_REJ_ADMIN/" 1
low_ttl_syn "$NS_A" 4 "$B4" "$PORT_HTTP"
stop_capture

log "ipv4-frag: fragmented TCP from hping3"
capture ipv4-frag.pcap "$NS_A" veth-a tcp or '(ip[6:2] & 0x3fff != 0)'
in_ns "$NS_A" hping3 -q -c 2 -S -p "$PORT_CLOSED" -d 120 --mtu 64 "$B4" >/dev/null 2>&1 || true
stop_capture

log "ipv6-tcp: handshake, data, FIN; RST; ICMPv6 unreachable and time exceeded"
capture ipv6-tcp.pcap "$NS_A" veth-a ip6 and '(tcp or (icmp6 and ip6[40] < 128))'
acurl "http://[$B6]:$PORT_HTTP/small.txt"
acurl "http://[$B6]:$PORT_CLOSED/"
acurl "http://[$B6]:$PORT_REJ_PORT/" 1
acurl "http://[$B6]:$PORT_REJ_ADMIN/" 1
low_ttl_syn "$NS_A" 6 "$B6" "$PORT_HTTP"
stop_capture

log "vlan / qinq: tagged trunks"
capture vlan.pcap "$NS_A" veth-va
acurl "http://$VLAN_R:$PORT_HTTP/small.txt"
stop_capture
capture qinq.pcap "$NS_A" veth-qa
acurl "http://$QINQ_R:$PORT_HTTP/small.txt"
stop_capture

log "any-sll2 / any-sll: interface any"
capture any-sll2.pcap "$NS_A" any tcp
acurl "http://$B4:$PORT_HTTP/small.txt"
stop_capture
capture any-sll.pcap "$NS_A" any -y LINUX_SLL tcp
acurl "http://[$B6]:$PORT_HTTP/small.txt"
stop_capture

for f in ipv4-tcp ipv4-icmp ipv4-frag ipv6-tcp vlan qinq any-sll2 any-sll; do
  cp "$WORK/$f.pcap" "$OUT/$f.pcap"
  golden "$OUT/$f.pcap"
  log "$f.pcap: $(($(wc -l <"$OUT/$f.tsv") - 1)) frames, $(stat -c %s "$OUT/$f.pcap") bytes"
done
