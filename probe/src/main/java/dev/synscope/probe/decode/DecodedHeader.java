package dev.synscope.probe.decode;

import dev.synscope.schema.ObservationKind;

/**
 * One decoded TCP segment or ICMP error, as a MUTABLE, reusable, flat holder: the capture thread
 * owns one instance and {@link HeaderDecoder#decode} overwrites every field on each successful call,
 * so nothing is allocated per packet. Copy what you need (e.g. into an Avro record) before the next
 * decode. Fields are public for speed and plainness; treat them as read-only outside the decoder.
 *
 * <p>Conventions: "absent" numeric option values are {@code -1}; unsigned 32-bit wire values
 * (seq, ack, tsVal, tsEcr, SACK edges) are held in {@code long} as 0..2^32-1.
 *
 * <p>For {@link ObservationKind#ICMP_ERROR}: addresses, ports, seq and ipVersion are the QUOTED
 * segment's (the ICMP error is keyed like the connection it refers to); {@code ttl} is the outer
 * ICMP packet's TTL / hop limit; {@code reporterAddr} is the outer ICMP packet's source address;
 * {@code ack}, {@code flags}, {@code window} and options are filled only when the quote carries the
 * full 20-byte TCP header (otherwise ack = -1, flags = 0, window = -1, options absent) and
 * {@code icmpQuoteFull} says which; {@code payloadLength} is 0 and {@code ipLength} is the outer
 * packet's IP length.
 */
public final class DecodedHeader {

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

    /** Maximum number of SACK blocks in one segment (40 option bytes: 2 + 4*8 = 34). */
    public static final int MAX_SACK_BLOCKS = 4;

    /** TCP or ICMP_ERROR. */
    public ObservationKind kind;
    /** Capture timestamp, microseconds since the epoch (as handed to decode). */
    public long tsMicros;
    /** 4 or 6. */
    public int ipVersion;
    /** Source address in the first {@link #addrLength} bytes (network order). */
    public final byte[] srcAddr = new byte[16];
    /** Destination address in the first {@link #addrLength} bytes (network order). */
    public final byte[] dstAddr = new byte[16];
    /** 4 (IPv4) or 16 (IPv6). */
    public int addrLength;
    public int srcPort;
    public int dstPort;
    /** Bitmask FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32 ECE=64 CWR=128 NS=256. */
    public int flags;
    /** Sequence number, unsigned 32-bit. */
    public long seq;
    /** Acknowledgment number, unsigned 32-bit (as on the wire, even if ACK is not set; -1 if unknown). */
    public long ack;
    /** Raw (unscaled) window field, -1 if unknown. */
    public int window;
    /** TCP payload bytes computed from the IP total length (never from the captured length). */
    public int payloadLength;
    /** IPv4 total length, or IPv6 40 + payload length. */
    public int ipLength;
    /** IPv4 TTL or IPv6 hop limit (for ICMP errors: of the outer ICMP packet). */
    public int ttl;
    /** IPv4 identification, -1 for IPv6. */
    public int ipId;
    /** Outer 802.1Q/802.1ad VLAN id, -1 when untagged. */
    public int vlan;
    /** MSS option value, -1 absent. */
    public int mss;
    /** Window scale shift count, -1 absent. */
    public int windowScale;
    public boolean sackPermitted;
    /** Number of valid entries in {@link #sackLeft}/{@link #sackRight}. */
    public int sackBlockCount;
    public final long[] sackLeft = new long[MAX_SACK_BLOCKS];
    public final long[] sackRight = new long[MAX_SACK_BLOCKS];
    /** Timestamp option TSval, unsigned 32-bit; -1 absent. */
    public long tsVal;
    /** Timestamp option TSecr, unsigned 32-bit; -1 absent. */
    public long tsEcr;
    /** ICMP / ICMPv6 type, -1 for TCP observations. */
    public int icmpType;
    /** ICMP / ICMPv6 code, -1 for TCP observations. */
    public int icmpCode;
    /** Source address of the ICMP error packet (the reporting router / host), first {@link #reporterAddrLength} bytes. */
    public final byte[] reporterAddr = new byte[16];
    /** Length of {@link #reporterAddr}: 4 or 16, 0 for TCP observations. */
    public int reporterAddrLength;
    /** ICMP errors: true when the quote held the whole 20-byte TCP header (ack/flags/window valid). */
    public boolean icmpQuoteFull;
    /**
     * True when the options area was malformed or cut by the snaplen: options decoded before the
     * problem are kept, the rest are reported absent (the reason is counted in DecodeCounters).
     */
    public boolean optionsIncomplete;

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

    /** Copy of the source address (allocates; not for the hot path). */
    public byte[] srcAddress() {
        return java.util.Arrays.copyOf(srcAddr, addrLength);
    }

    /** Copy of the destination address (allocates; not for the hot path). */
    public byte[] dstAddress() {
        return java.util.Arrays.copyOf(dstAddr, addrLength);
    }

    /** Copy of the reporter address (allocates; not for the hot path), empty for TCP. */
    public byte[] reporterAddress() {
        return java.util.Arrays.copyOf(reporterAddr, reporterAddrLength);
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
