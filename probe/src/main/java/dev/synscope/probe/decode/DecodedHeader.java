package dev.synscope.probe.decode;

import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.HeaderFields;

/**
 * One decoded TCP segment or ICMP error, as a MUTABLE, reusable, flat holder: the capture thread
 * owns one instance and {@link HeaderDecoder#decode} overwrites every field on each successful call,
 * so nothing is allocated per packet. Copy what you need before the next decode. Fields are public
 * for speed and plainness; treat them as read-only outside the decoder. The fields of the
 * HeaderObservation record are those of {@link HeaderFields} (with their conventions: "absent" is
 * {@code -1}, unsigned 32-bit values in {@code long}), which the schemas module's
 * {@code HeaderRecordEncoder} writes to bytes; this class adds what only the decoder knows.
 *
 * <p>For {@link ObservationKind#ICMP_ERROR}: addresses, ports, seq and ipVersion are the QUOTED
 * segment's (the ICMP error is keyed like the connection it refers to); {@code ttl} is the outer
 * ICMP packet's TTL / hop limit; {@code reporterAddr} is the outer ICMP packet's source address;
 * {@code ack}, {@code flags}, {@code window} and options are filled only when the quote carries the
 * full 20-byte TCP header (otherwise ack = -1, flags = 0, window = -1, options absent) and
 * {@code icmpQuoteFull} says which; {@code payloadLength} is 0 and {@code ipLength} is the outer
 * packet's IP length.
 */
public final class DecodedHeader extends HeaderFields {

    /** TCP flag bits, same as HeaderObservation.flags. */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    public static final int NS = 0x100;

    /** ICMP errors: true when the quote held the whole 20-byte TCP header (ack/flags/window valid). */
    public boolean icmpQuoteFull;
    /**
     * True when the options area was malformed or cut by the snaplen: options decoded before the
     * problem are kept, the rest are reported absent (the reason is counted in DecodeCounters).
     */
    public boolean optionsIncomplete;
    /**
     * Tunnel headers stripped to reach this packet (0 = not tunnelled). Not published: the record
     * carries the inner connection only.
     */
    public int tunnelDepth;

    /** Resets every per-packet field to its "absent" value (addresses are not zeroed). */
    void clear() {
        kind = null;
        tsMicros = 0;
        ipVersion = 0;
        addrLength = 0;
        srcPort = 0;
        dstPort = 0;
        flags = 0;
        seq = 0;
        ack = 0;
        window = 0;
        payloadLength = 0;
        ipLength = 0;
        ttl = 0;
        ipId = -1;
        vlan = -1;
        clearOptions();
        icmpType = -1;
        icmpCode = -1;
        reporterAddrLength = 0;
        icmpQuoteFull = false;
        tunnelDepth = 0;
    }

    void clearOptions() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackBlockCount = 0;
        tsVal = -1;
        tsEcr = -1;
        optionsIncomplete = false;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** Debug rendering (allocates). */
    @Override
    public String toString() {
        return "DecodedHeader{" + kind + " v" + ipVersion + " " + srcPort + "->" + dstPort
                + " flags=0x" + Integer.toHexString(flags) + " seq=" + seq + " ack=" + ack
                + " win=" + window + " len=" + payloadLength + " ttl=" + ttl + " vlan=" + vlan
                + " mss=" + mss + " ws=" + windowScale + " sackOk=" + sackPermitted
                + " sacks=" + sackBlockCount + " tsVal=" + tsVal + " tsEcr=" + tsEcr
                + " icmp=" + icmpType + "/" + icmpCode + "}";
    }
}
