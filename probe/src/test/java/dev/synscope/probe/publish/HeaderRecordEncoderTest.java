package dev.synscope.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.decode.LinkType;
import dev.synscope.probe.testing.SyntheticTraffic;
import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.ObservationKind;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hot-path encoder writes exactly what the schema serdes write for the mapped Avro objects. */
class HeaderRecordEncoderTest {

    private final HeaderRecordEncoder encoder = new HeaderRecordEncoder("probé-1", "eth0", true);
    private final ObservationMapper mapper = new ObservationMapper("probé-1", "eth0", true);

    @Test
    void randomHeadersEncodeLikeTheSerdes() {
        SplittableRandom random = new SplittableRandom(5);
        DecodedHeader h = new DecodedHeader();
        for (int i = 0; i < 20_000; i++) {
            randomize(h, random);
            assertSame(h);
        }
    }

    @Test
    void decodedSyntheticTrafficEncodesLikeTheSerdes() throws Exception {
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader h = new DecodedHeader();
        int[] decoded = {0};
        new SyntheticTraffic(9, 100).generate(5000, (ts, frame, captured, wire) -> {
            if (decoder.decode(LinkType.ETHERNET, frame, 0, captured, ts, h)) {
                decoded[0]++;
                assertSame(h);
            }
        });
        assertThat(decoded[0]).isEqualTo(5000);
    }

    @Test
    void bothDirectionsGiveTheSameKeyBytes() {
        DecodedHeader h = new DecodedHeader();
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
        assertThat(encoder.heartbeatValue(1_700_000_000_123_456L))
                .isEqualTo(SynScopeSerdes.HEADER_OBSERVATION.serialize(null, expected));
        ConnectionKey key = SynScopeSerdes.CONNECTION_KEY.deserialize(null, HeaderRecordEncoder.heartbeatKey());
        assertThat(key).isEqualTo(ObservationMapper.HEARTBEAT_KEY);
    }

    private void assertSame(DecodedHeader h) {
        byte[] value = encoder.value(h);
        assertThat(value).as(h.toString())
                .isEqualTo(SynScopeSerdes.HEADER_OBSERVATION.serialize(null, mapper.observation(h)));
        assertThat(SynScopeSerdes.HEADER_OBSERVATION.deserialize(null, value)).isEqualTo(mapper.observation(h));
        assertThat(encoder.key(h)).as(h.toString())
                .isEqualTo(SynScopeSerdes.CONNECTION_KEY.serialize(null, mapper.key(h)));
    }

    private static void randomize(DecodedHeader h, SplittableRandom r) {
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
        h.sackBlockCount = r.nextInt(DecodedHeader.MAX_SACK_BLOCKS + 1);
        for (int i = 0; i < DecodedHeader.MAX_SACK_BLOCKS; i++) {
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
