package dev.synscope.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import dev.synscope.schema.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serdes' fast path writes exactly the bytes of Avro's own writer ({@link AvroReference}: SpecificDatumWriter with
 * Avro's reflective field walk, behind the single-object header), reads them back, and Avro's own
 * message decoder reads what it writes; bad bytes fail with the typed error, and lengths past Avro's
 * limits ({@code SystemLimitException}) fail before anything is allocated.
 */
class AvroSerdeBytesTest {

    private static final int RECORDS_PER_TYPE = 3_000;

    static Stream<Arguments> serdes() {
        return Stream.of(
                Arguments.of(SynScopeSerdes.HEADER_OBSERVATION), Arguments.of(SynScopeSerdes.CONNECTION_KEY),
                Arguments.of(SynScopeSerdes.CONNECTION_STATE), Arguments.of(SynScopeSerdes.CONN_LOG_RECORD),
                Arguments.of(SynScopeSerdes.ANOMALY_EVENT), Arguments.of(SynScopeSerdes.PROBE_STATS),
                Arguments.of(SynScopeSerdes.DEAD_LETTER), Arguments.of(SynScopeSerdes.ENDPOINT_STATS));
    }

    @ParameterizedTest
    @MethodSource("serdes")
    <T extends SpecificRecord> void randomRecordsOfEveryTypeEncodeLikeAvrosOwnWriter(AvroSerde<T> serde) throws Exception {
        org.apache.avro.Schema schema = SpecificData.get().getSchema(serde.type());
        BinaryMessageDecoder<T> avroDecoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
        SplittableRandom random = new SplittableRandom(serde.type().getName().hashCode());
        byte[] previous = null;
        for (int i = 0; i < RECORDS_PER_TYPE; i++) {
            T record = RandomRecords.of(schema, random);
            byte[] bytes = serde.serialize("t", record);
            assertThat(bytes).as("record %s", record).isEqualTo(AvroReference.bytes(record));
            assertThat(serde.deserialize("t", bytes)).isEqualTo(record);
            assertThat(avroDecoder.decode(bytes)).isEqualTo(record);
            if (previous != null) {
                // the reused per-thread buffer leaks nothing of an earlier (longer) record
                assertThat(serde.deserialize("t", previous)).isNotNull();
            }
            previous = bytes;
        }
    }

    @Test
    void sampleRecordsEncodeLikeAvrosOwnWriterBothWays() {
        for (SpecificRecord sample : new SpecificRecord[] {SampleRecords.syn(), SampleRecords.key(),
                SampleRecords.state(), SampleRecords.connLog(), SampleRecords.anomaly(), SampleRecords.probeStats(),
                SampleRecords.deadLetter()}) {
            AvroSerde<SpecificRecord> serde = serdeOf(sample);
            byte[] bytes = AvroReference.bytes(sample);
            assertThat(serde.serialize(null, sample)).isEqualTo(bytes);
            assertThat(serde.deserialize(null, bytes)).isEqualTo(sample);
        }
        // a reused buffer must not leak bytes of a longer earlier value into a shorter one
        assertThat(SynScopeSerdes.CONNECTION_KEY.serialize(null, SampleRecords.key()))
                .isEqualTo(AvroReference.bytes(SampleRecords.key()));
    }

    @Test
    void badBytesFailWithTheContractsTypedError() {
        byte[] header = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, SampleRecords.syn());
        byte[] truncated = Arrays.copyOf(header, header.length - 5);
        assertThatThrownBy(() -> SynScopeSerdes.HEADER_OBSERVATION.deserialize("t", truncated))
                .isInstanceOf(RecordDecodingException.class);
        assertThatThrownBy(() -> SynScopeSerdes.HEADER_OBSERVATION.deserialize("t", new byte[] {1, 2, 3}))
                .isInstanceOf(RecordDecodingException.class);
    }

    @Test
    void bytesLengthPastAvrosLimitIsATypedErrorNotAnAllocation() {
        // ConnectionKey: schemaVersion 1, ipVersion 4, then lowAddr claims Long.MAX_VALUE / 2 bytes
        byte[] bytes = concat(AvroSerde.singleObjectHeader(ConnectionKey.getClassSchema()),
                new byte[] {2, 8}, varint(Long.MAX_VALUE / 2), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> SynScopeSerdes.CONNECTION_KEY.deserialize("t", bytes))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("Cannot read"); // Avro's SystemLimitException check
    }

    @Test
    void collectionLengthPastAvrosLimitIsATypedErrorNotAnAllocation() {
        HeaderObservation syn = SampleRecords.syn();
        syn.setTsVal(null);
        syn.setTsEcr(null);
        syn.setIcmp(null);
        byte[] valid = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, syn);
        // the body ends: sackBlocks end-of-array 0, tsVal null 0, tsEcr null 0, icmp null 0
        assertThat(Arrays.copyOfRange(valid, valid.length - 4, valid.length)).containsOnly(0);
        byte[] bytes = concat(Arrays.copyOf(valid, valid.length - 4), varint(Long.MAX_VALUE / 2), new byte[] {0});
        assertThatThrownBy(() -> SynScopeSerdes.HEADER_OBSERVATION.deserialize("t", bytes))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("Cannot read"); // Avro's SystemLimitException check
    }

    @Test
    void aMillionSackBlocksPastOurLimitIsATypedErrorNotAnAllocation() {
        // under Avro's default limit (~2^31) a count like this allocates before reading; AvroLimits caps it
        HeaderObservation syn = SampleRecords.syn();
        syn.setTsVal(null);
        syn.setTsEcr(null);
        syn.setIcmp(null);
        byte[] valid = SynScopeSerdes.HEADER_OBSERVATION.serialize(null, syn);
        byte[] bytes = concat(Arrays.copyOf(valid, valid.length - 4), varint(1_000_000L), new byte[] {0});
        assertThatThrownBy(() -> SynScopeSerdes.HEADER_OBSERVATION.deserialize("t", bytes))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("Collection length 1000000 exceeds the maximum allowed of 65536");
        assertThat(System.getProperty(org.apache.avro.SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY))
                .isEqualTo(Long.toString(AvroLimits.MAX_COLLECTION_ITEMS));
    }

    @SuppressWarnings("unchecked")
    private static AvroSerde<SpecificRecord> serdeOf(SpecificRecord record) {
        Object serde = switch (record.getSchema().getName()) {
            case "HeaderObservation" -> SynScopeSerdes.HEADER_OBSERVATION;
            case "ConnectionKey" -> SynScopeSerdes.CONNECTION_KEY;
            case "ConnectionState" -> SynScopeSerdes.CONNECTION_STATE;
            case "ConnLogRecord" -> SynScopeSerdes.CONN_LOG_RECORD;
            case "AnomalyEvent" -> SynScopeSerdes.ANOMALY_EVENT;
            case "ProbeStats" -> SynScopeSerdes.PROBE_STATS;
            case "DeadLetter" -> SynScopeSerdes.DEAD_LETTER;
            case "EndpointStats" -> SynScopeSerdes.ENDPOINT_STATS;
            default -> throw new IllegalArgumentException(record.getSchema().getName());
        };
        return (AvroSerde<SpecificRecord>) serde;
    }

    private static byte[] varint(long value) {
        ByteBuffer out = ByteBuffer.allocate(10);
        long z = (value << 1) ^ (value >> 63);
        while ((z & ~0x7FL) != 0) {
            out.put((byte) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.put((byte) z);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
