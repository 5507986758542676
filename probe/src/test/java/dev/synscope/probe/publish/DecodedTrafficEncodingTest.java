package dev.synscope.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.probe.decode.DecodedHeader;
import dev.synscope.probe.decode.HeaderDecoder;
import dev.synscope.probe.decode.LinkType;
import dev.synscope.probe.testing.SyntheticTraffic;
import dev.synscope.schema.serde.AvroReference;
import dev.synscope.schema.serde.HeaderRecordEncoder;
import dev.synscope.schema.serde.ObservationMapper;
import org.junit.jupiter.api.Test;

/**
 * Headers the probe's decoder decoded encode (schemas' {@link HeaderRecordEncoder}, as the publisher
 * does) exactly like the schema serdes and Avro's own writer; schemas' {@code HeaderRecordEncoderTest}
 * does the same on random headers.
 */
class DecodedTrafficEncodingTest {

    private final HeaderRecordEncoder encoder = new HeaderRecordEncoder("probé-1", "eth0", true);
    private final ObservationMapper mapper = new ObservationMapper("probé-1", "eth0", true);

    @Test
    void decodedSyntheticTrafficEncodesLikeTheSerdes() throws Exception {
        HeaderDecoder decoder = new HeaderDecoder();
        DecodedHeader h = new DecodedHeader();
        int[] decoded = {0};
        new SyntheticTraffic(9, 100).generate(5000, (ts, frame, captured, wire) -> {
            if (decoder.decode(LinkType.ETHERNET, frame, 0, captured, ts, h)) {
                decoded[0]++;
                AvroReference.assertEncodesLikeAvro(encoder, mapper, h);
            }
        });
        assertThat(decoded[0]).isEqualTo(5000);
    }
}
