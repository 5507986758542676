package dev.synscope.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hot-path encoder writes exactly what Avro's own writer ({@code SpecificDatumWriter}) and the
 * schema serdes write for the mapped Avro objects, and the capture-time peek reads its time back.
 * (The probe's {@code DecodedTrafficEncodingTest} does the same on headers its decoder decoded.)
 */
class HeaderRecordEncoderTest {

    private final HeaderRecordEncoder encoder = new HeaderRecordEncoder("probé-1", "eth0", true);
    private final ObservationMapper mapper = new ObservationMapper("probé-1", "eth0", true);

    @Test
    void randomHeadersEncodeLikeTheSerdes() {
        encodeRandomHeaders(encoder, mapper, 5, 20_000);
    }

    @Test
    void headersWithoutVlanInTheKeyEncodeLikeTheSerdes() {
        String iface = "a-much-longer-interface-name";
        encodeRandomHeaders(new HeaderRecordEncoder("p", iface, false), new ObservationMapper("p", iface, false), 6, 5_000);
    }

    private static void encodeRandomHeaders(HeaderRecordEncoder encoder, ObservationMapper mapper, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        HeaderFields h = new HeaderFields();
        for (int i = 0; i < count; i++) {
            randomize(h, random);
            AvroReference.assertEncodesLikeAvro(encoder, mapper, h);
        }
    }

    @Test
    void bothDirectionsGiveTheSameKeyBytes() {
        HeaderFields h = new HeaderFields();
        randomize(h, new SplittableRandom(1));
        h.kind = ObservationKind.TCP;
        byte[] forward = encoder.key(h);
        byte[] tmp = h.srcAddress();
        System.arraycopy(h.dstAddr, 0, h.srcAddr, 0, h.addrLength);
        System.arraycopy(tmp, 0, h.dstAddr, 0, h.addrLength);
        int port = h.srcPort;
        h.srcPort = h.dstPort;
        h.dstPort = port;
        assertThat(encoder.key(h)).isEqualTo(forward);
    }

    @Test
    void heartbeatEncodesLikeTheSerdes() {
        HeaderObservation expected = mapper.heartbeat(1_700_000_000_123_456L);
        byte[] value = encoder.heartbeatValue(1_700_000_000_123_456L);
        assertThat(value).isEqualTo(SynScopeSerdes.HEADER_OBSERVATION.serialize(null, expected));
        assertThat(value).isEqualTo(AvroReference.bytes(expected));
        assertThat(CaptureTimePeek.captureMicros(value)).isEqualTo(1_700_000_000_123_456L);
        ConnectionKey key = SynScopeSerdes.CONNECTION_KEY.deserialize(null, HeaderRecordEncoder.heartbeatKey());
        assertThat(key).isEqualTo(HeaderRecordEncoder.HEARTBEAT_KEY);
        assertThat(HeaderRecordEncoder.heartbeatKey()).isEqualTo(AvroReference.bytes(key));
    }

    private static void randomize(HeaderFields h, SplittableRandom r) {
        h.kind = r.nextInt(5) == 0 ? ObservationKind.ICMP_ERROR : ObservationKind.TCP;
        h.tsMicros = r.nextLong(0, Long.MAX_VALUE / 2);
        h.ipVersion = r.nextBoolean() ? 4 : 6;
        h.addrLength = h.ipVersion == 4 ? 4 : 16;
        for (int i = 0; i < 16; i++) {
            h.srcAddr[i] = (byte) r.nextInt(256);
            h.dstAddr[i] = r.nextInt(8) == 0 ? h.srcAddr[i] : (byte) r.nextInt(256);
            h.reporterAddr[i] = (byte) r.nextInt(256);
        }
        h.srcPort = r.nextInt(65536);
        h.dstPort = r.nextInt(65536);
        h.flags = r.nextInt(512);
        h.seq = r.nextLong(1L << 32);
        h.ack = r.nextInt(10) == 0 ? -1 : r.nextLong(1L << 32);
        h.window = r.nextInt(10) == 0 ? -1 : r.nextInt(65536);
        h.payloadLength = r.nextInt(65536);
        h.ipLength = r.nextInt(65536);
        h.ttl = r.nextInt(256);
        h.ipId = r.nextBoolean() ? -1 : r.nextInt(65536);
        h.vlan = r.nextBoolean() ? -1 : r.nextInt(4096);
        h.mss = r.nextBoolean() ? -1 : r.nextInt(65536);
        h.windowScale = r.nextBoolean() ? -1 : r.nextInt(15);
        h.sackPermitted = r.nextBoolean();
        h.sackBlockCount = r.nextInt(HeaderFields.MAX_SACK_BLOCKS + 1);
        for (int i = 0; i < HeaderFields.MAX_SACK_BLOCKS; i++) {
            h.sackLeft[i] = r.nextLong(1L << 32);
            h.sackRight[i] = r.nextLong(1L << 32);
        }
        h.tsVal = r.nextBoolean() ? -1 : r.nextLong(1L << 32);
        h.tsEcr = r.nextBoolean() ? -1 : r.nextLong(1L << 32);
        h.icmpType = h.kind == ObservationKind.ICMP_ERROR ? r.nextInt(256) : -1;
        h.icmpCode = h.kind == ObservationKind.ICMP_ERROR ? r.nextInt(256) : -1;
        h.reporterAddrLength = h.kind == ObservationKind.ICMP_ERROR ? (r.nextBoolean() ? 4 : 16) : 0;
    }
}
