package dev.synscope.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synscope.schema.ConnectionKey;
import dev.synscope.schema.HeaderObservation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's own encoding, the reference the codec's fast paths are held to: the single-object header,
 * then {@link SpecificDatumWriter}'s reflective field walk (no custom coders). Shipped to other
 * modules' tests in this module's test jar.
 */
public final class AvroReference {

    private AvroReference() {
    }

    /** The bytes Avro itself writes for this record in single-object encoding. */
    public static <T extends SpecificRecord> byte[] bytes(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(AvroSerde.singleObjectHeader(record.getSchema()));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(record.getSchema(), SpecificData.get()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The encoder's value and key bytes of {@code h} equal Avro's and the serdes' for the mapped records,
     * the serdes read the value back, and {@link CaptureTimePeek} reads its capture time.
     */
    public static void assertEncodesLikeAvro(HeaderRecordEncoder encoder, ObservationMapper mapper, HeaderFields h) {
        byte[] value = encoder.value(h);
        HeaderObservation observation = mapper.observation(h);
        assertThat(value).as(h.toString()).isEqualTo(SynScopeSerdes.HEADER_OBSERVATION.serialize(null, observation));
        assertThat(value).as(h.toString()).isEqualTo(bytes(observation));
        assertThat(SynScopeSerdes.HEADER_OBSERVATION.deserialize(null, value)).isEqualTo(observation);
        assertThat(CaptureTimePeek.captureMicros(value)).isEqualTo(observation.getTsMicros());
        ConnectionKey key = mapper.key(h);
        byte[] keyBytes = encoder.key(h);
        assertThat(keyBytes).as(h.toString()).isEqualTo(SynScopeSerdes.CONNECTION_KEY.serialize(null, key));
        assertThat(keyBytes).as(h.toString()).isEqualTo(bytes(key));
    }
}
