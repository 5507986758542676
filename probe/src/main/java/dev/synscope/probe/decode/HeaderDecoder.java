package dev.synscope.probe.decode;

import dev.synscope.schema.ObservationKind;
import java.nio.ByteBuffer;

/**
 * Decodes one captured frame, from raw bytes, into a reusable {@link DecodedHeader}: link layer
 * ({@link LinkLayerDecoder}) → IPv4 / IPv6 ({@link Ipv4Decoder}, {@link Ipv6Decoder}) → tunnels, if
 * any ({@link TunnelDecoder}: then IP again, for the inner packet, at most {@link #MAX_TUNNEL_DEPTH}
 * times) → TCP ({@link TcpDecoder}) or an ICMP error quoting TCP ({@link IcmpErrorDecoder}). For a
 * tunnelled packet the observation is the innermost packet's: its addresses, ports, TTL and length
 * (the outer VLAN id is kept in {@code vlan}).
 *
 * <p>Contract:
 * <ul>
 *   <li>never throws, whatever the bytes (every read is preceded by a bounds check against the
 *       captured end; every length field is untrusted);</li>
 *   <li>allocates nothing per call;</li>
 *   <li>sizes (payload length, IP length) come from the IP length fields, never from the captured
 *       length, which the snaplen cuts;</li>
 *   <li>returns true when {@code out} holds a TCP or ICMP_ERROR observation (and counts it as
 *       decoded); otherwise counts exactly one frame-skipping {@link SkipReason} and returns false,
 *       leaving {@code out} in an unspecified state. A decoded frame may additionally be counted
 *       under an annotation reason ({@code bad_tcp_option}, {@code truncated_tcp_options}).</li>
 * </ul>
 *
 * <p>Not thread-safe: one decoder (and its counters and scratch cursor) per capture thread.
 */
public final class HeaderDecoder {

    /**
     * Bytes copied out of a {@link ByteBuffer} per frame: more than any sane header stack (link 20
     * + 4 VLAN tags + IPv6 40 + extension headers + TCP 60). Headers past it count as truncated.
     */
    public static final int MAX_BUFFER_HEADER_BYTES = 2048;

    /**
     * Tunnel headers (IP-in-IP, GRE, VXLAN, Geneve, GTP-U, Teredo, AYIYA) stripped at most per frame;
     * one more is counted {@code tunnel_too_deep}. Four covers the deepest real stacks in Zeek's test
     * traces (3: e.g. VXLAN in VXLAN in VXLAN, 6in6 in 6in6 in 4in6) and bounds a crafted frame's cost.
     */
    public static final int MAX_TUNNEL_DEPTH = 4;

    private final DecodeCounters counters;
    private final boolean validateChecksums;
    private final FrameCursor cursor = new FrameCursor();
    private final byte[] bufferScratch = new byte[MAX_BUFFER_HEADER_BYTES];

    public HeaderDecoder() {
        this(new DecodeCounters());
    }

    public HeaderDecoder(DecodeCounters counters) {
        this(counters, false);
    }

    /**
     * {@code validateChecksums}: a TCP segment captured whole whose checksum is wrong is skipped
     * ({@code bad_tcp_checksum}), as Zeek does without {@code -C}. Off by default: a probe on a host with
     * checksum offload captures its own outgoing segments before the NIC fills the checksum in.
     */
    public HeaderDecoder(DecodeCounters counters, boolean validateChecksums) {
        this.counters = counters;
        this.validateChecksums = validateChecksums;
    }

    public DecodeCounters counters() {
        return counters;
    }

    /**
     * Decodes {@code frame[offset, offset + capturedLength)} captured with link type {@code link}.
     * A null link type counts {@code unsupported_link}; a null frame or a range outside the array
     * counts {@code invalid_frame}.
     *
     * @return true when {@code out} now holds a TCP or ICMP_ERROR observation
     */
    public boolean decode(LinkType link, byte[] frame, int offset, int capturedLength, long tsMicros,
            DecodedHeader out) {
        if (frame == null || out == null || offset < 0 || capturedLength < 0
                || capturedLength > frame.length - offset) {
            return skip(SkipReason.INVALID_FRAME);
        }
        out.clear();
        out.tsMicros = tsMicros;
        FrameCursor c = cursor;
        c.reset(offset, offset + capturedLength);

        SkipReason reason = LinkLayerDecoder.decode(link, frame, c, out);
        if (reason != null) {
            return skip(reason);
        }
        while (true) {
            reason = network(frame, c, out);
            if (reason != null) {
                return skip(reason);
            }
            reason = TunnelDecoder.decapsulate(frame, c, out);
            if (reason != null) {
                return skip(reason);
            }
            if (!c.inner) {
                break;
            }
            if (c.tunnelDepth > MAX_TUNNEL_DEPTH) {
                return skip(SkipReason.TUNNEL_TOO_DEEP);
            }
        }
        out.tunnelDepth = c.tunnelDepth;
        reason = transport(frame, c, out);
        if (reason != null) {
            return skip(reason);
        }
        counters.decoded();
        return true;
    }

    /**
     * Same as {@link #decode(LinkType, byte[], int, int, long, DecodedHeader)} for a frame in a
     * (heap or direct) buffer at absolute index {@code offset}; the buffer's position and limit are
     * not changed. The first {@link #MAX_BUFFER_HEADER_BYTES} bytes are copied into a scratch array
     * owned by this decoder (no allocation).
     */
    public boolean decode(LinkType link, ByteBuffer frame, int offset, int capturedLength, long tsMicros,
            DecodedHeader out) {
        if (frame == null || offset < 0 || capturedLength < 0 || capturedLength > frame.capacity() - offset) {
            return skip(SkipReason.INVALID_FRAME);
        }
        if (frame.hasArray()) {
            return decode(link, frame.array(), frame.arrayOffset() + offset, capturedLength, tsMicros, out);
        }
        int n = Math.min(capturedLength, MAX_BUFFER_HEADER_BYTES);
        frame.get(offset, bufferScratch, 0, n);
        return decode(link, bufferScratch, 0, n, tsMicros, out);
    }

    private static SkipReason network(byte[] b, FrameCursor c, DecodedHeader out) {
        int version = c.networkHint;
        if (version == 0) {
            if (c.capEnd - c.pos < 1) {
                return SkipReason.TRUNCATED_IP;
            }
            version = (b[c.pos] & 0xF0) >>> 4;
        }
        if (version == 4) {
            return Ipv4Decoder.decode(b, c, out);
        }
        if (version == 6) {
            return Ipv6Decoder.decode(b, c, out);
        }
        return SkipReason.BAD_IP_VERSION;
    }

    private SkipReason transport(byte[] b, FrameCursor c, DecodedHeader out) {
        int protocol = c.l4Protocol;
        if (protocol == TcpDecoder.PROTOCOL) {
            out.kind = ObservationKind.TCP;
            SkipReason reason = TcpDecoder.decode(b, c, out, counters);
            if (reason == null && validateChecksums && !c.moreFragments
                    && TcpChecksum.verify(b, out.ipVersion, c.ipOffset, c.l4Offset, c.ipEnd - c.l4Offset, c.capEnd)
                    == TcpChecksum.BAD) {
                return SkipReason.BAD_TCP_CHECKSUM;
            }
            return reason;
        }
        if (protocol == IcmpErrorDecoder.PROTOCOL_ICMP && out.ipVersion == 4) {
            return IcmpErrorDecoder.decodeV4(b, c, out);
        }
        if (protocol == IcmpErrorDecoder.PROTOCOL_ICMPV6 && out.ipVersion == 6) {
            return IcmpErrorDecoder.decodeV6(b, c, out);
        }
        return SkipReason.NOT_TCP;
    }

    private boolean skip(SkipReason reason) {
        counters.skip(reason);
        return false;
    }
}
