package dev.synscope.schema.serde;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the Kafka key ({@link ConnectionKey}) and value ({@link HeaderObservation}) of a decoded
 * header ({@link HeaderFields}) straight into bytes, in exactly the format {@link SynScopeSerdes} produces (Avro
 * single-object encoding: {@code C3 01}, the schema's 8-byte little-endian CRC-64-AVRO fingerprint,
 * then the Avro binary body), without building the Avro objects. Building and encoding them costs
 * more than reading the file and decoding the packet together; this keeps the probe above 1M
 * packets/s; it allocates only the returned array. {@code HeaderRecordEncoderTest} holds the bytes
 * equal to Avro's own writer's on random headers.
 *
 * <p>Field order below is the schema's field order; a schema change must change this class (the
 * test fails otherwise), and {@link CaptureTimePeek}, which reads the capture time back from these
 * bytes. Not thread-safe: one per capture thread.
 */
public final class HeaderRecordEncoder {

    /**
     * Heartbeats are keyed by this key: IPv4, all-zero addresses, ports 0. No TCP connection has it
     * (port 0 is reserved), so a consumer can never confuse it with a connection.
     */
    public static final ConnectionKey HEARTBEAT_KEY = ConnectionKey.newBuilder()
            .setIpVersion(4)
            .setLowAddr(ByteBuffer.wrap(new byte[4])).setLowPort(0)
            .setHighAddr(ByteBuffer.wrap(new byte[4])).setHighPort(0)
            .setVlan(null)
            .build();

    private static final byte[] VALUE_HEADER = AvroSerde.singleObjectHeader(HeaderObservation.getClassSchema());
    private static final byte[] KEY_HEADER = AvroSerde.singleObjectHeader(ConnectionKey.getClassSchema());
    private static final int SCHEMA_VERSION = 1;

    private final byte[] probeId;
    private final byte[] iface;
    private final boolean vlanInKey;
    /** Scratch space; a header observation is at most ~300 bytes plus the two strings. */
    private final byte[] scratch;
    private int n;

    public HeaderRecordEncoder(String probeId, String iface, boolean vlanInKey) {
        this.probeId = probeId.getBytes(StandardCharsets.UTF_8);
        this.iface = iface.getBytes(StandardCharsets.UTF_8);
        this.vlanInKey = vlanInKey;
        this.scratch = new byte[512 + this.probeId.length + this.iface.length];
    }

    /** The record value of a decoded TCP segment or ICMP error. */
    public byte[] value(HeaderFields h) {
        n = 0;
        put(VALUE_HEADER);
        writeInt(SCHEMA_VERSION);
        writeInt(h.kind.ordinal());
        writeLong(h.tsMicros);
        writeBytes(probeId, probeId.length);
        writeBytes(iface, iface.length);
        writeInt(h.ipVersion);
        writeBytes(h.srcAddr, h.addrLength);
        writeBytes(h.dstAddr, h.addrLength);
        writeInt(h.srcPort);
        writeInt(h.dstPort);
        writeInt(h.flags);
        writeLong(h.seq);
        writeLong(Math.max(0, h.ack));
        writeInt(Math.max(0, h.window));
        writeInt(h.payloadLength);
        writeInt(h.ipLength);
        writeInt(h.ttl);
        optionalInt(h.ipId);
        optionalInt(h.vlan);
        optionalInt(h.mss);
        optionalInt(h.windowScale);
        scratch[n++] = (byte) (h.sackPermitted ? 1 : 0);
        if (h.sackBlockCount > 0) {
            writeLong(h.sackBlockCount);
            for (int i = 0; i < h.sackBlockCount; i++) {
                writeLong(h.sackLeft[i]);
                writeLong(h.sackRight[i]);
            }
        }
        scratch[n++] = 0; // end of array
        optionalLong(h.tsVal);
        optionalLong(h.tsEcr);
        if (h.kind == ObservationKind.ICMP_ERROR) {
            writeInt(1); // union branch IcmpError
            writeInt(h.icmpType);
            writeInt(h.icmpCode);
            writeBytes(h.reporterAddr, h.reporterAddrLength);
        } else {
            writeInt(0); // union branch null
        }
        return Arrays.copyOf(scratch, n);
    }

    /** The record value of a heartbeat: every other field at its default. */
    public byte[] heartbeatValue(long tsMicros) {
        n = 0;
        put(VALUE_HEADER);
        writeInt(SCHEMA_VERSION);
        writeInt(ObservationKind.HEARTBEAT.ordinal());
        writeLong(tsMicros);
        writeBytes(probeId, probeId.length);
        writeBytes(iface, iface.length);
        writeInt(4);          // ipVersion default
        writeLong(0);         // srcAddr empty
        writeLong(0);         // dstAddr empty
        for (int i = 0; i < 3; i++) {
            writeInt(0);      // srcPort, dstPort, flags
        }
        writeLong(0);         // seq
        writeLong(0);         // ack
        for (int i = 0; i < 4; i++) {
            writeInt(0);      // window, payloadLength, ipLength, ttl
        }
        for (int i = 0; i < 4; i++) {
            writeInt(0);      // ipId, vlan, mss, windowScale: null branch
        }
        scratch[n++] = 0;     // sackPermitted false
        scratch[n++] = 0;     // sackBlocks empty
        writeInt(0);          // tsVal null
        writeInt(0);          // tsEcr null
        writeInt(0);          // icmp null
        return Arrays.copyOf(scratch, n);
    }

    /** The canonical connection key, ordered as {@code CanonicalKeys} orders it (both directions: same bytes). */
    public byte[] key(HeaderFields h) {
        byte[] src = h.srcAddr;
        byte[] dst = h.dstAddr;
        int length = h.addrLength;
        int byAddress = Arrays.compareUnsigned(src, 0, length, dst, 0, length);
        boolean srcLow = byAddress < 0 || (byAddress == 0 && h.srcPort <= h.dstPort);
        n = 0;
        put(KEY_HEADER);
        writeInt(SCHEMA_VERSION);
        writeInt(h.ipVersion);
        writeBytes(srcLow ? src : dst, length);
        writeInt(srcLow ? h.srcPort : h.dstPort);
        writeBytes(srcLow ? dst : src, length);
        writeInt(srcLow ? h.dstPort : h.srcPort);
        optionalInt(vlanInKey ? h.vlan : -1);
        return Arrays.copyOf(scratch, n);
    }

    /** Key bytes of {@link #HEARTBEAT_KEY}. */
    public static byte[] heartbeatKey() {
        return SynScopeSerdes.CONNECTION_KEY.serialize(null, HEARTBEAT_KEY);
    }

    private void optionalInt(int value) {
        if (value < 0) {
            scratch[n++] = 0;
        } else {
            scratch[n++] = 2; // zigzag(1): the non-null branch
            writeInt(value);
        }
    }

    private void optionalLong(long value) {
        if (value < 0) {
            scratch[n++] = 0;
        } else {
            scratch[n++] = 2;
            writeLong(value);
        }
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, scratch, n, bytes.length);
        n += bytes.length;
    }

    private void writeBytes(byte[] bytes, int length) {
        writeLong(length);
        System.arraycopy(bytes, 0, scratch, n, length);
        n += length;
    }

    private void writeInt(int value) {
        writeLong(value);
    }

    /** Avro long: zig-zag, then base-128 varint, low group first. */
    private void writeLong(long value) {
        long z = (value << 1) ^ (value >> 63);
        while ((z & ~0x7FL) != 0) {
            scratch[n++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        scratch[n++] = (byte) z;
    }
}
