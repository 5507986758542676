#!/usr/bin/env bash
# Builds the lab (lib/topology.sh), runs the article's scenarios once against the real Linux TCP
# stack, and keeps what two probes would have seen:
#   deploy/demo/demo-client.pcap     client vantage (ss-client, veth-c), snaplen 128
#   deploy/demo/demo-server.pcap     server vantage (ss-server, veth-s), snaplen 128
#   deploy/demo/demo-client-lo.pcap  client loopback: where the client's own stack reports
#                                    "no route to host" for a same-subnet peer (scenario d2)
#   deploy/demo/ss-*.txt             `ss -tanH` snapshots (the kernel's view) at chosen moments
#   deploy/demo/timeline.tsv         scenario, start and end (epoch seconds), what was run
#   deploy/demo/demo-expected.md     per scenario: tuples, ss snapshots, tshark conversations
#
# Usage: sudo lab/make-demo-capture.sh [OUTPUT_DIR]     (default: deploy/demo)
# Needs: iproute2, iptables, tcpdump, curl, python3, hping3, tshark (for the summary). ~45 s.
# Everything is torn down at the end and on error. Documentation addresses only (RFC 5737).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/topology.sh
source "$HERE/lib/topology.sh"
OUT="${1:-$HERE/../deploy/demo}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

lab_require_tools hping3 tshark timeout

WORK="$(mktemp -d /tmp/synscope-demo.XXXXXX)"
CAP_PIDS=()
cleanup() {
  local rc=$?
  ((${#CAP_PIDS[@]} == 0)) || lab_capture_stop "${CAP_PIDS[@]}"
  lab_down
  if [[ $rc -ne 0 ]]; then
    lab_log "FAILED (exit $rc); work files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TIMELINE="$WORK/timeline.tsv"
printf 'scenario\tstart_epoch\tend_epoch\tcommand\n' >"$TIMELINE"
CURRENT=""; CURRENT_START=""; CURRENT_CMD=""
begin() { CURRENT="$1"; CURRENT_CMD="$2"; CURRENT_START="$(date +%s.%6N)"; lab_log "scenario $1: $2"; }
end() { printf '%s\t%s\t%s\t%s\n' "$CURRENT" "$CURRENT_START" "$(date +%s.%6N)" "$CURRENT_CMD" >>"$TIMELINE"; }
snap() { lab_ss_snapshot "$NS_CLIENT" "$WORK/ss-$1-client.txt"; lab_ss_snapshot "$NS_SERVER" "$WORK/ss-$1-server.txt"; }
# curl in the client namespace; never fails the script (failures are the point of most scenarios)
ccurl() { in_ns "$NS_CLIENT" curl -sS -o /dev/null -w '%{http_code} %{local_ip}:%{local_port} -> %{remote_ip}:%{remote_port}\n' "$@" 2>&1 || true; }

lab_up
lab_start_servers "$WORK"

CAP_PIDS+=("$(lab_capture_start "$NS_CLIENT" veth-c "$WORK/demo-client.pcap")")
CAP_PIDS+=("$(lab_capture_start "$NS_CLIENT" lo "$WORK/demo-client-lo.pcap")")
CAP_PIDS+=("$(lab_capture_start "$NS_SERVER" veth-s "$WORK/demo-server.pcap")")
sleep 0.5

begin a_http_get "curl http://$VIP/ (DNAT to $SERVER_IP:$PORT_HTTP), HTTP/1.1, client closes first"
ccurl --max-time 5 "http://$VIP/" | tee "$WORK/curl-a.txt"
sleep 0.5; snap a; end

begin b_service_down_rst "curl http://$VIP:$PORT_CLOSED/ (DNAT to $SERVER_IP:$PORT_CLOSED, nothing listens)"
ccurl --max-time 5 "http://$VIP:$PORT_CLOSED/" | tee "$WORK/curl-b.txt"
sleep 0.3; end

begin c_fw_drops_syn "curl --connect-timeout 4 http://$VIP:$PORT_DROPPED/ (firewall FORWARD DROP)"
ccurl --connect-timeout 4 "http://$VIP:$PORT_DROPPED/" >"$WORK/curl-c.txt" &
CURL_PID=$!
sleep 2; snap c   # mid-attempt: the client is in SYN-SENT
wait "$CURL_PID" || true; cat "$WORK/curl-c.txt"; end

begin d_host_unreachable_router "curl --connect-timeout 6 http://$DEAD_SERVER_SIDE_IP/ (no ARP answer behind the router)"
ccurl --connect-timeout 6 "http://$DEAD_SERVER_SIDE_IP/" >"$WORK/curl-d.txt" &
CURL_PID=$!
sleep 1.5; snap d
wait "$CURL_PID" || true; cat "$WORK/curl-d.txt"; end

begin d2_host_unreachable_local "curl --connect-timeout 6 http://$DEAD_CLIENT_SIDE_IP/ (same subnet, no ARP answer)"
ccurl --connect-timeout 6 "http://$DEAD_CLIENT_SIDE_IP/" >"$WORK/curl-d2.txt" &
CURL_PID=$!
sleep 1.5; snap d2
wait "$CURL_PID" || true; cat "$WORK/curl-d2.txt"; end

begin e_fw_forged_rst "curl http://$VIP:$PORT_REJECTED/ (firewall: INPUT -d $VIP --dport $PORT_REJECTED REJECT --reject-with tcp-reset)"
ccurl --max-time 5 "http://$VIP:$PORT_REJECTED/" | tee "$WORK/curl-e.txt"
sleep 0.3; end

begin f_close_wait_leak "6 connections to $VIP:$PORT_NEVER_CLOSE, one line each, client closes; server never closes"
in_ns "$NS_CLIENT" timeout 10 "$LAB_PYTHON" "$LAB_LIB_DIR/close_wait_client.py" "$VIP" "$PORT_NEVER_CLOSE" 6 \
  | tee "$WORK/close-wait-client.txt"
sleep 1; snap f; end

begin g_many_short "20 sequential curl http://$VIP/ (each a new connection, client closes first)"
for i in $(seq 1 20); do ccurl --max-time 5 "http://$VIP/"; done >"$WORK/curl-g.txt"
sleep 0.3; snap g; end

begin h_syn_flood "hping3 -c 50 -i u1000 -S -p $PORT_HTTP -a $SPOOFED_FLOOD_SRC $VIP (spoofed on-link source that never answers)"
in_ns "$NS_CLIENT" timeout 15 hping3 -q -c 50 -i u1000 -S -p "$PORT_HTTP" -a "$SPOOFED_FLOOD_SRC" "$VIP" \
  >"$WORK/hping3.txt" 2>&1 || true
sleep 1.5; snap h
sleep 2; end   # 3.5 s after the burst: the server's first two SYN+ACK retransmissions are in the capture

lab_capture_stop "${CAP_PIDS[@]}"
CAP_PIDS=()
cp "$WORK"/demo-client.pcap "$WORK"/demo-server.pcap "$WORK"/demo-client-lo.pcap "$WORK"/ss-*.txt "$TIMELINE" "$OUT"/
lab_down

"$LAB_PYTHON" "$HERE/lib/summarize_demo.py" "$OUT" >"$OUT/demo-expected.md"
ls -l "$OUT"
lab_log "done: $OUT/demo-expected.md"
