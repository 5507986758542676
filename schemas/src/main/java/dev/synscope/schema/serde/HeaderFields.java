package dev.synscope.schema.serde;

import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import java.util.Arrays;

/**
 * The fields of a {@link HeaderObservation} as a MUTABLE, reusable, flat holder: what
 * {@link HeaderRecordEncoder} writes into bytes without building the Avro record, so nothing is
 * allocated per packet. The probe's {@code DecodedHeader} is one (its decoder overwrites the fields
 * on each packet). Fields are public for speed and plainness.
 *
 * <p>Conventions: "absent" numeric option values are {@code -1} (the schema's {@code null});
 * unsigned 32-bit wire values (seq, ack, tsVal, tsEcr, SACK edges) are held in {@code long} as
 * 0..2^32-1; a negative {@code ack} or {@code window} is written as 0.
 */
public class HeaderFields {

    /** Maximum number of SACK blocks in one segment (40 option bytes: 2 + 4*8 = 34). */
    public static final int MAX_SACK_BLOCKS = 4;

    /** TCP or ICMP_ERROR. */
    public ObservationKind kind;
    /** Capture timestamp, microseconds since the epoch. */
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

    /** Copy of the source address (allocates; not for the hot path). */
    public byte[] srcAddress() {
        return Arrays.copyOf(srcAddr, addrLength);
    }

    /** Copy of the destination address (allocates; not for the hot path). */
    public byte[] dstAddress() {
        return Arrays.copyOf(dstAddr, addrLength);
    }

    /** Copy of the reporter address (allocates; not for the hot path), empty for TCP. */
    public byte[] reporterAddress() {
        return Arrays.copyOf(reporterAddr, reporterAddrLength);
    }
}
