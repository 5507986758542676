package dev.synscope.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.serde.AvroSerde;
import dev.synscope.schema.serde.RecordDecodingException;
import dev.synscope.schema.serde.SynScopeSerdes;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(SynScopeSerdes.HEADER_OBSERVATION, SampleRecords.syn()),
                Arguments.of(SynScopeSerdes.CONNECTION_KEY, SampleRecords.key()),
                Arguments.of(SynScopeSerdes.CONNECTION_STATE, SampleRecords.state()),
                Arguments.of(SynScopeSerdes.CONN_LOG_RECORD, SampleRecords.connLog()),
                Arguments.of(SynScopeSerdes.ANOMALY_EVENT, SampleRecords.anomaly()),
                Arguments.of(SynScopeSerdes.PROBE_STATS, SampleRecords.probeStats()),
                Arguments.of(SynScopeSerdes.DEAD_LETTER, SampleRecords.deadLetter()));
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T extends SpecificRecord> void roundTripsEveryRecordType(AvroSerde<T> serde, T record) {
        byte[] bytes = serde.serialize("t", record);

        assertThat(serde.deserialize("t", bytes)).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T extends SpecificRecord> void truncatedBytesRaiseTypedErrorNamingTheRecord(AvroSerde<T> serde, T record) {
        byte[] bytes = serde.serialize("t", record);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            try {
                // a prefix may still decode when the cut falls after the last field of a record
                serde.deserialize("t", truncated);
            } catch (RecordDecodingException e) {
                assertThat(e.recordType()).isEqualTo(record.getClass().getSimpleName());
                assertThat(e.getMessage()).startsWith("cannot decode " + record.getClass().getSimpleName());
            }
        }
    }

    @Test
    void garbageRaisesTypedErrorWithTopicAndReason() {
        byte[] garbage = {0x00, 0x01, 0x02, 0x03};

        assertThatThrownBy(() -> SynScopeSerdes.HEADER_OBSERVATION.deserialize(Topics.HEADERS, garbage))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageStartingWith("cannot decode HeaderObservation from 4 bytes on topic synscope.tcp.headers: ")
                .hasMessageContaining("BadHeaderException");
    }

    @Test
    void recordOfAnotherTypeIsRejectedByFingerprint() {
        byte[] anomaly = SynScopeSerdes.ANOMALY_EVENT.serialize("t", SampleRecords.anomaly());

        assertThatThrownBy(() -> SynScopeSerdes.HEADER_OBSERVATION.deserialize("t", anomaly))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("MissingSchemaException");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButTheTypedError() {
        Random random = new Random(7);
        byte[] valid = SynScopeSerdes.HEADER_OBSERVATION.serialize("t", SampleRecords.syn());
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = valid.clone();
            // keep the header so the body decoder is exercised, then flip body bytes
            for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
                int at = 10 + random.nextInt(mutated.length - 10);
                mutated[at] = (byte) random.nextInt(256);
            }
            try {
                SynScopeSerdes.HEADER_OBSERVATION.deserialize("t", mutated);
            } catch (RecordDecodingException expected) {
                assertThat(expected.recordType()).isEqualTo("HeaderObservation");
            }
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(SynScopeSerdes.CONNECTION_STATE.serialize("t", null)).isNull();
        assertThat(SynScopeSerdes.CONNECTION_STATE.deserialize("t", null)).isNull();
    }
}
