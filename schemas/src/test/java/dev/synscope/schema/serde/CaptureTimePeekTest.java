package dev.synscope.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.HeaderObservation;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The capture time read from the bytes is the decoded record's tsMicros; bytes that are not a record give -1. */
class CaptureTimePeekTest {

    @Test
    void peekEqualsTheDecodedFieldOnRandomRecords() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            HeaderObservation record = RandomRecords.of(HeaderObservation.getClassSchema(), random);
            byte[] bytes = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, record);
            long decoded = SynScopeSerdes.HEADER_OBSERVATION.deserialize(null, bytes).getTsMicros();
            assertThat(CaptureTimePeek.captureMicros(bytes)).isEqualTo(decoded).isEqualTo(record.getTsMicros());
        }
    }

    @Test
    void bytesThatDoNotStartLikeAHeaderObservationGiveMinusOne() {
        HeaderObservation record = RandomRecords.of(HeaderObservation.getClassSchema(), new SplittableRandom(3));
        byte[] bytes = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, record);
        assertThat(CaptureTimePeek.captureMicros(new byte[0])).isEqualTo(-1);
        assertThat(CaptureTimePeek.captureMicros(Arrays.copyOf(bytes, 12))).isEqualTo(-1);
        byte[] noMarker = bytes.clone();
        noMarker[0] = 0;
        assertThat(CaptureTimePeek.captureMicros(noMarker)).isEqualTo(-1);
        byte[] unterminated = Arrays.copyOf(bytes, 30);
        Arrays.fill(unterminated, 10, 30, (byte) 0x80);
        assertThat(CaptureTimePeek.captureMicros(unterminated)).isEqualTo(-1);
    }
}
