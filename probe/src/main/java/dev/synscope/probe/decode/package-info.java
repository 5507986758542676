/**
 * From raw captured bytes to one flat {@link dev.synscope.probe.decode.DecodedHeader}, without
 * allocating and without trusting any length.
 *
 * <p>Entry point: {@link dev.synscope.probe.decode.HeaderDecoder#decode}. One decoder per capture
 * thread; it walks link layer ({@code LinkLayerDecoder}: Ethernet II, 802.1Q/802.1ad/QinQ, PBB,
 * VN-Tag, LLC/SNAP, MPLS, PPPoE, Linux cooked v1/v2, DLT_NULL/LOOP, raw IP, PPP / HDLC, FDDI, 802.11,
 * radiotap, NFLOG) → IP ({@code Ipv4Decoder}, {@code Ipv6Decoder} with {@code Ipv6ExtensionWalker})
 * → tunnels ({@code TunnelDecoder}: IP-in-IP, {@code GreDecoder}, {@code UdpTunnelDecoder}; then IP
 * again for the inner packet, at most {@code HeaderDecoder.MAX_TUNNEL_DEPTH} times) → TCP
 * ({@code TcpDecoder}, {@code TcpOptionsDecoder}) or an ICMP / ICMPv6 error quoting TCP ({@code IcmpErrorDecoder}). Each layer checks the captured bytes before
 * every read and returns a {@link dev.synscope.probe.decode.SkipReason} (or null to go on); the
 * decoder counts it in {@link dev.synscope.probe.decode.DecodeCounters}.
 *
 * <p>Tests compare every field against tshark on real captures made by
 * {@code lab/captures/make-decode-captures.sh}, and the decoded connections of Zeek's test traces
 * against Zeek's conn.log baselines ({@code ZeekCorpusDecodeTest}); {@code DecodeBenchmark} (JMH,
 * probe -Pjmh) measures speed and allocation.
 */
package dev.synscope.probe.decode;
