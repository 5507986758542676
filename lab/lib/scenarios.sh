# shellcheck shell=bash
# The issue's ten scenarios as functions over lib/topology.sh. Each one makes its traffic (bounded
# in count and time), takes `ss -tanH` snapshots of the client and server namespaces at the moment
# that shows the interesting state (files ss-<name>-<ns>.txt in $SNAP_DIR), and leaves the lab as
# it found it (routes, links), also on error (each restores in a RETURN trap).
#
# Numbers are issue 6's; names are what `lab.sh scenario NAME` takes.

SCENARIOS=(normal-close syn-dropped host-unreachable server-route-broken service-down
           forged-rst asymmetric close-wait-leak syn-flood many-short)

SNAP_DIR="${SNAP_DIR:-/tmp/synscope-lab}"
CLOSE_WAIT_POOL="${CLOSE_WAIT_POOL:-10}"   # the article's HTTP client pool of 10
SHORT_CONNECTIONS="${SHORT_CONNECTIONS:-20}"
SYN_BURST="${SYN_BURST:-50}"

# curl in the client namespace; prints "<http code> local -> remote", never fails the caller.
client_curl() {
  in_ns "$NS_CLIENT" curl -sS -o /dev/null \
    -w '%{http_code} %{local_ip}:%{local_port} -> %{remote_ip}:%{remote_port}\n' "$@" 2>&1 || true
}

snapshot() {
  local side
  mkdir -p "$SNAP_DIR"
  lab_ss_snapshot "$NS_CLIENT" "$SNAP_DIR/ss-$1-client.txt"
  lab_ss_snapshot "$NS_SERVER" "$SNAP_DIR/ss-$1-server.txt"
  # one line per namespace for the person watching: "kernel[<name>] client: TIME-WAIT=1 ..."
  for side in client server; do
    printf 'kernel[%s] %s: %s\n' "$1" "$side" "$(awk '!/^#/ && $1 != "LISTEN" {n[$1]++}
      END {for (s in n) printf "%s=%d ", s, n[s]}' "$SNAP_DIR/ss-$1-$side.txt")"
  done
}

# Run a client command in the background, snapshot after $2 seconds (mid-attempt), then wait.
snapshot_during() {
  local name="$1" after="$2" pid; shift 2
  "$@" &
  pid=$!
  sleep "$after"
  snapshot "$name"
  wait "$pid" || true
}

# 1. Normal HTTP request and four-way close (client closes first -> client TIME-WAIT).
scenario_normal_close() {
  client_curl --max-time 5 "http://$VIP/"
  sleep 0.3
  snapshot normal-close
}

# 2. Firewall drops the SYN: SYN retransmitted until curl gives up at 4 s; SYN-SENT meanwhile.
scenario_syn_dropped() {
  snapshot_during syn-dropped 2 client_curl --connect-timeout 4 "http://$VIP:$PORT_DROPPED/"
}

# 3. Host unreachable: (a) behind the router (router's ICMP on the wire), (b) on the client's own
#    subnet (no SYN on the wire, ICMP from the client's stack to itself on lo).
scenario_host_unreachable() {
  snapshot_during host-unreachable-router 1.5 client_curl --connect-timeout 6 "http://$DEAD_SERVER_SIDE_IP/"
  snapshot_during host-unreachable-local 1.5 client_curl --connect-timeout 6 "http://$DEAD_CLIENT_SIDE_IP/"
}

# 4. The server's default route points at a wrong gateway: the SYN arrives, the server answers with
#    a SYN+ACK that goes to a MAC nobody owns (a stale/wrong router, pinned in the neighbour table
#    with a documentation MAC, RFC 7042), so it is on the wire at the server vantage but never
#    reaches the client: server SYN-RECV with SYN+ACK retransmissions (HALF_OPEN), client SYN-SENT
#    then CONNECT_TIMEOUT. (With a gateway that simply does not answer ARP, the SYN+ACK never
#    leaves the server at all: the kernel shows SYN-RECV but no probe can see it. Set
#    ROUTE_BROKEN_MODE=no-arp to run that variant.)
scenario_server_route_broken() {
  trap 'in_ns "$NS_SERVER" ip route replace default via "$FW_SERVER_IP";
        in_ns "$NS_SERVER" ip neigh del "$DEAD_GATEWAY_IP" dev veth-s 2>/dev/null || true; trap - RETURN' RETURN
  if [[ "${ROUTE_BROKEN_MODE:-wrong-mac}" == wrong-mac ]]; then
    in_ns "$NS_SERVER" ip neigh replace "$DEAD_GATEWAY_IP" lladdr "$DEAD_GATEWAY_MAC" dev veth-s nud permanent
  fi
  in_ns "$NS_SERVER" ip route replace default via "$DEAD_GATEWAY_IP" dev veth-s
  snapshot_during server-route-broken 2 client_curl --connect-timeout 4 "http://$VIP/"
}

# 5. Service down: nothing listens, the server's kernel answers RST.
scenario_service_down() {
  client_curl --max-time 5 "http://$VIP:$PORT_CLOSED/"
}

# 6. The firewall forges the RST for the virtual IP (REJECT --reject-with tcp-reset in INPUT).
scenario_forged_rst() {
  client_curl --max-time 5 "http://$VIP:$PORT_REJECTED/"
}

# 7. Asymmetric routing: the server's second interface (192.0.2.20) sits on the client subnet, so
#    its replies to 192.0.2.10 skip the firewall.
#    (a) direct to the server's real address: the connection works (three requests on one
#        keep-alive connection), but the server-side vantage on veth-s sees the client->server
#        direction only (ONE_SIDED_FLOW). Three requests, because a single one is 6 ACK-bearing
#        segments one way, and SynScope calls a flow one-sided from 8 on (a short exchange whose
#        replies a probe missed is not yet a routing problem).
#    (b) through the VIP: the SYN+ACK comes back from 198.51.100.10, which the client never called:
#        the client answers RST; curl times out.
#    (c) crafted: a SYN+ACK that does not acknowledge ISN+1 (as a sequence-rewriting firewall on
#        the other path would produce), injected from the server namespace onto the client subnet
#        with the VIP as source, for a client socket in SYN-SENT: the client answers RST
#        (SEQUENCE_MISMATCH).
scenario_asymmetric() {
  trap 'in_ns "$NS_SERVER" ip link set veth-s2 down; trap - RETURN' RETURN
  in_ns "$NS_SERVER" ip link set veth-s2 up
  lab_wait_link "$NS_SERVER" veth-s2 || true
  client_curl --max-time 5 "http://$SERVER_IP/" "http://$SERVER_IP/" "http://$SERVER_IP/"
  snapshot asymmetric-direct
  client_curl --connect-timeout 3 "http://$VIP/"
  # curl gave up on (b) without a packet saying so: SynScope can tell only once the SYN retransmission
  # Linux would have sent next is overdue (2 x the last gap x 1.5: up to 3 s after the last SYN, at 2 or
  # 3 s). Let that pass before (c)'s snapshot, which is about (c)'s socket, not about (b)'s give-up.
  sleep 4

  client_curl --connect-timeout 4 "http://$VIP:$PORT_DROPPED/" >"$SNAP_DIR/asymmetric-crafted-curl.txt" &
  local curl_pid=$! cport="" i
  for i in $(seq 1 30); do
    cport="$(in_ns "$NS_CLIENT" ss -tanH state syn-sent "dport = :$PORT_DROPPED" \
      | awk '{split($3, a, ":"); print a[2]; exit}')"
    [[ -n "$cport" ]] && break
    sleep 0.1
  done
  if [[ -z "$cport" ]]; then
    lab_log "asymmetric: no client socket in SYN-SENT found"
  else
    snapshot asymmetric-crafted
    # ack 1: any fixed value is wrong for a random ISN (probability 2^-32 of a false pass).
    in_ns "$NS_SERVER" timeout 5 hping3 -q -c 1 -I veth-s2 -a "$VIP" -s "$PORT_DROPPED" -k \
      -p "$cport" -S -A -M 1000 -L 1 "$CLIENT_IP" >/dev/null 2>&1 || true
    echo "crafted SYN+ACK $VIP:$PORT_DROPPED -> $CLIENT_IP:$cport with ack 1"
  fi
  wait "$curl_pid" || true
  cat "$SNAP_DIR/asymmetric-crafted-curl.txt"
}

# 8. CLOSE_WAIT leak: the server never calls close(); the client's pool of N closes its side.
scenario_close_wait_leak() {
  in_ns "$NS_CLIENT" timeout 10 "$LAB_PYTHON" "$LAB_LIB_DIR/close_wait_client.py" \
    "$VIP" "$PORT_NEVER_CLOSE" "$CLOSE_WAIT_POOL" || true
  sleep 1
  snapshot close-wait-leak
}

# 9. SYN flood: a bounded burst from a spoofed on-link source that never answers ARP, so the server
#    keeps every attempt in SYN-RECV and retransmits its SYN+ACKs into the void.
scenario_syn_flood() {
  in_ns "$NS_CLIENT" timeout 15 hping3 -q -c "$SYN_BURST" -i u1000 -S -p "$PORT_HTTP" \
    -a "$SPOOFED_FLOOD_SRC" "$VIP" >/dev/null 2>&1 || true
  sleep 1.5
  snapshot syn-flood
}

# 10. Many short connections: TIME-WAIT piles up on the client (normal, no anomaly).
scenario_many_short() {
  local i
  for i in $(seq 1 "$SHORT_CONNECTIONS"); do client_curl --max-time 5 "http://$VIP/"; done | sort | uniq -c | sed 's/^ */  /'
  sleep 0.3
  snapshot many-short
}

scenario_known() { local s; for s in "${SCENARIOS[@]}"; do [[ "$s" == "$1" ]] && return 0; done; return 1; }

run_scenario() {
  local name="$1"
  scenario_known "$name" || { echo "unknown scenario '$name'; one of: ${SCENARIOS[*]}" >&2; return 2; }
  lab_log "scenario $name"
  "scenario_${name//-/_}"
}
