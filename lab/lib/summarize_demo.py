#!/usr/bin/env python3
"""Writes demo-expected.md (to stdout) from the files make-demo-capture.sh leaves in a directory:
timeline.tsv, demo-client.pcap, demo-server.pcap, demo-client-lo.pcap and ss-*.txt.

Everything in the output is read from the captures with tshark (a tool we did not write) and from
the kernel's own `ss` output, so the document is the reference SynScope's answers are judged by.
Usage: summarize_demo.py DIR
"""
import csv
import datetime
import os
import subprocess
import sys
from collections import OrderedDict

FIELDS = ["frame.time_epoch", "ip.src", "ip.dst", "ip.ttl", "tcp.srcport", "tcp.dstport",
          "tcp.flags.str", "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "icmp.type", "icmp.code",
          "arp.opcode", "arp.dst.proto_ipv4", "ip.proto"]

PCAPS = [("client", "demo-client.pcap"), ("server", "demo-server.pcap"),
         ("client-lo", "demo-client-lo.pcap")]

EXPECT = {
    "a_http_get": "Normal HTTP GET through the virtual IP and a four-way close started by the "
                  "client: conn_state SF; client ends in TIME_WAIT, server CLOSED. Client sees "
                  "203.0.113.80:80, the server sees its real address 198.51.100.10:80 (DNAT).",
    "b_service_down_rst": "Service down: the server's kernel answers the SYN with RST+ACK "
                          "-> CONNECTION_REFUSED, conn_state REJ. RST TTL at the client = 63 "
                          "(64 minus the router hop).",
    "c_fw_drops_syn": "Firewall drops the SYN: the client retransmits it every second (this "
                      "kernel's net.ipv4.tcp_syn_linear_timeouts=4 makes the first SYN "
                      "retransmissions linear, not 1 s/3 s/7 s) and curl gives up at 4 s -> "
                      "CONNECT_TIMEOUT with 3 retransmissions, conn_state S0. The server vantage "
                      "sees nothing.",
    "d_host_unreachable_router": "Dead host behind the router: the router finds no ARP answer "
                                 "and sends ICMP host unreachable (type 3 code 1) quoting the SYN, "
                                 "~3 s after it; the client aborts the attempt at the first ICMP "
                                 "-> HOST_UNREACHABLE correlated to the connection attempt. "
                                 "(The router may answer SYNs that were queued behind the failed "
                                 "ARP with more ICMPs, also after the client gave up.)",
    "d2_host_unreachable_local": "Dead host on the client's own subnet: no SYN leaves the client "
                                 "(only ARP requests on veth-c); the client's stack reports ICMP "
                                 "host unreachable to itself on lo (demo-client-lo.pcap) -> "
                                 "HOST_UNREACHABLE from the loopback vantage only.",
    "e_fw_forged_rst": "The firewall forges the RST (REJECT --reject-with tcp-reset): "
                       "CONNECTION_REFUSED with middlebox_suspected: the RST comes from the firewall itself "
                       "with TTL 64, while the real server's packets (scenarios a, b) arrive "
                       "with TTL 63. The server vantage sees nothing.",
    "f_close_wait_leak": "6 connections, the client closes, the server never does: 6 x "
                         "CLOSE_WAIT on the server (CLOSE_WAIT_STUCK each; CLOSE_WAIT_LEAK for "
                         "198.51.100.10:9000 once past the threshold), 6 x FIN_WAIT_2 on the client.",
    "g_many_short": "20 short HTTP connections, each closed by the client first: 20 more "
                    "TIME_WAIT on the client; no anomaly.",
    "h_syn_flood": "50 SYNs in ~50 ms from a spoofed on-link address that never answers: the "
                   "server holds them SYN_RECEIVED and retransmits SYN+ACKs, the router cannot "
                   "deliver them -> SYN_FLOOD for 198.51.100.10:80 (203.0.113.80:80 at the client "
                   "vantage, where the SYNs are unanswered).",
}


def tshark_rows(path):
    """One dict per frame. Fields that occur twice (ICMP errors quote an IP header) keep the outer
    value in X and the quoted one in X.quoted."""
    if not os.path.exists(path):
        return []
    cmd = ["tshark", "-r", path, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
           "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        r = {}
        for name, value in zip(FIELDS, line.split("|")):
            parts = value.split(",")
            r[name] = parts[0]
            r[name + ".quoted"] = parts[-1]
        rows.append(r)
    return rows


def conv_table(path):
    out = subprocess.run(["tshark", "-r", path, "-q", "-z", "conv,tcp"],
                         capture_output=True, text=True, check=True).stdout
    return out.strip()


def tcp_key(src, sport, dst, dport):
    a, b = (src, sport), (dst, dport)
    return "TCP %s:%s <-> %s:%s" % (min(a, b) + max(a, b))


def group_key(r):
    """Packets of one connection share a key, ICMP errors included (by the tuple they quote)."""
    if r["arp.opcode"]:
        return "ARP %s %s" % ("request who-has" if r["arp.opcode"] == "1" else "reply for",
                              r["arp.dst.proto_ipv4"])
    if r["icmp.type"]:
        if r["tcp.srcport"]:
            return tcp_key(r["ip.src.quoted"], r["tcp.srcport"], r["ip.dst.quoted"],
                           r["tcp.dstport"])
        return "ICMP %s -> %s type %s code %s" % (r["ip.src"], r["ip.dst"], r["icmp.type"],
                                                  r["icmp.code"])
    if r["tcp.srcport"]:
        return tcp_key(r["ip.src"], r["tcp.srcport"], r["ip.dst"], r["tcp.dstport"])
    return "other (ip.proto %s)" % (r["ip.proto"] or "-")


def describe(rows, windows):
    """Groups per scenario: a TCP connection (with the ICMP errors quoting it) belongs to the
    scenario in whose window its first packet falls; ARP and others are grouped per window."""
    by_scenario = {name: OrderedDict() for name, _, _ in windows}
    first_seen = {}
    for r in rows:
        t = float(r["frame.time_epoch"])
        key = group_key(r)
        if key.startswith("TCP") and key in first_seen:
            scenario = first_seen[key]
        else:
            scenario = next((n for n, s, e in windows if s <= t <= e), None)
            if scenario is None:
                continue
            first_seen.setdefault(key, scenario)
        by_scenario[scenario].setdefault(key, []).append(r)
    return by_scenario


def payload_note(key, pkts):
    if not key.startswith("TCP"):
        return ""
    tcp = [r for r in pkts if r["tcp.srcport"] and not r["icmp.type"]]
    up = sum(int(r["tcp.len"] or 0) for r in tcp if r["ip.src"].startswith("192.0.2."))
    down = sum(int(r["tcp.len"] or 0) for r in tcp if not r["ip.src"].startswith("192.0.2."))
    return "; payload client->server %d B, server->client %d B" % (up, down)


def signature(pkts):
    """The packet pattern of one connection: direction (> from the 192.0.2.0/24 side) and flags."""
    parts = []
    for r in pkts:
        if r["icmp.type"]:
            parts.append("ICMP%s/%s" % (r["icmp.type"], r["icmp.code"]))
        else:
            d = ">" if r["ip.src"].startswith("192.0.2.") else "<"
            parts.append(d + r["tcp.flags.str"].replace("\u00b7", ""))
    return " ".join(parts)


def packet_line(r, start):
    t = float(r["frame.time_epoch"]) - start
    if r["icmp.type"]:
        return "%+.3fs ICMP %s>%s type %s code %s ttl=%s quoting %s:%s>%s:%s" % (
            t, r["ip.src"], r["ip.dst"], r["icmp.type"], r["icmp.code"], r["ip.ttl"],
            r["ip.src.quoted"], r["tcp.srcport"], r["ip.dst.quoted"], r["tcp.dstport"])
    if r["tcp.srcport"]:
        return "%+.3fs %s:%s>%s:%s [%s] len=%s ttl=%s" % (
            t, r["ip.src"], r["tcp.srcport"], r["ip.dst"], r["tcp.dstport"],
            r["tcp.flags.str"].replace("\u00b7", ""), r["tcp.len"], r["ip.ttl"])
    return "%+.3fs" % t


def main(d):
    with open(os.path.join(d, "timeline.tsv")) as f:
        timeline = list(csv.DictReader(f, delimiter="\t"))
    packets = {name: tshark_rows(os.path.join(d, fn)) for name, fn in PCAPS}
    p = print
    p("# Demo capture: what the kernel and tshark say (generated by lab/make-demo-capture.sh)")
    p()
    p("Topology (documentation addresses only): client `ss-client` 192.0.2.10 -> router/NAT "
      "`ss-fw` (192.0.2.1 | 198.51.100.1, virtual IP 203.0.113.80 DNAT to 198.51.100.10) -> "
      "server `ss-server` 198.51.100.10. Captures: `tcpdump -s 128` on veth-c (client vantage, "
      "`demo-client.pcap`), on veth-s (server vantage, `demo-server.pcap`), and on the client's "
      "lo (`demo-client-lo.pcap`). Times below are relative to each scenario's start; sizes are "
      "TCP payload lengths from the IP header (snaplen does not cut them).")
    p()
    p("Checksums: TX checksum offload is off on every lab interface, so checksums in the captures "
      "are real; packets longer than the snaplen cannot be verified (tshark: unverified).")
    p()
    p("| file | packets | bytes on disk |")
    p("|---|---|---|")
    for name, fn in PCAPS:
        path = os.path.join(d, fn)
        p("| %s | %d | %d |" % (fn, len(packets[name]), os.path.getsize(path)))
    p()
    windows = [(sc["scenario"], float(sc["start_epoch"]), float(sc["end_epoch"]))
               for sc in timeline]
    grouped = {name: describe(packets[name], windows) for name, _ in PCAPS}
    p("## Summary")
    p()
    p("| scenario | start (UTC) | client vantage connections | server vantage connections |")
    p("|---|---|---|---|")
    for sc in timeline:
        name = sc["scenario"]
        cells = []
        for vantage in ("client", "server"):
            keys = [k[4:] for k in grouped[vantage][name] if k.startswith("TCP")]
            if vantage == "client":
                keys += [k[4:] + " (lo)" for k in grouped["client-lo"][name] if k.startswith("TCP")]
            cells.append("none" if not keys else
                         ("`%s`" % keys[0]) + (" and %d more" % (len(keys) - 1) if len(keys) > 1 else ""))
        started = datetime.datetime.fromtimestamp(float(sc["start_epoch"]), datetime.timezone.utc)
        p("| %s | %s | %s | %s |" % (name, started.strftime("%H:%M:%S.%f")[:-3], cells[0], cells[1]))
    p()
    for sc in timeline:
        start, end = float(sc["start_epoch"]), float(sc["end_epoch"])
        p("## %s" % sc["scenario"])
        p()
        p("- run: `%s`" % sc["command"])
        p("- window: %.6f .. %.6f (epoch s, %.2f s); a connection belongs to the scenario in "
          "whose window its first packet falls" % (start, end, end - start))
        p("- expected diagnosis: %s" % EXPECT.get(sc["scenario"], "(none written)"))
        p()
        for name, _ in PCAPS:
            groups = grouped[name][sc["scenario"]]
            if not groups:
                p("**%s vantage**: no packets." % name)
                p()
                continue
            npk = sum(len(v) for v in groups.values())
            p("**%s vantage**: %d packets, %d groups" % (name, npk, len(groups)))
            p()
            tcp_groups = [k for k in groups if k.startswith("TCP")]
            if len(tcp_groups) <= 8:
                for key, pkts in groups.items():
                    p("- `%s`: %d packets%s" % (key, len(pkts), payload_note(key, pkts)))
                    if key.startswith("TCP"):
                        for r in pkts:
                            p("    - %s" % packet_line(r, start))
            else:
                # Many similar connections: one line per packet pattern, the tuples listed once.
                by_sig = OrderedDict()
                for key, pkts in groups.items():
                    if key.startswith("TCP"):
                        by_sig.setdefault((signature(pkts), payload_note(key, pkts)), []).append(key)
                    else:
                        p("- `%s`: %d packets" % (key, len(pkts)))
                for (sig, note), keys in by_sig.items():
                    p("- %d connections, each: %s%s" % (len(keys), sig, note))
                    p("    - %s" % ", ".join("`%s`" % k[4:] for k in keys))
            p()
        tag = sc["scenario"].split("_")[0]
        for side in ("client", "server"):
            fn = os.path.join(d, "ss-%s-%s.txt" % (tag, side))
            if os.path.exists(fn):
                with open(fn) as f:
                    text = f.read().rstrip()
                p("`ss-%s-%s.txt`:" % (tag, side))
                p()
                p("```")
                p(text if text else "(empty)")
                p("```")
                p()
    for name, fn in PCAPS[:2]:
        p("## tshark -r %s -q -z conv,tcp" % fn)
        p()
        p("```")
        p(conv_table(os.path.join(d, fn)))
        p("```")
        p()


if __name__ == "__main__":
    main(sys.argv[1])
