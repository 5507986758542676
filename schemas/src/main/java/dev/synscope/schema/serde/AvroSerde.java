package dev.synscope.schema.serde;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro's single-object encoding: the two
 * marker bytes {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer's
 * schema, then the Avro binary encoding of the record. Any Avro implementation can decode it
 * given the schema (README "Wire format").
 *
 * <p>Records written with the schema of an earlier release ({@link ReleasedSchemas}) are read
 * through Avro schema resolution into the current class.
 *
 * <p>A {@code null} value (a tombstone) passes through as {@code null}. Bytes that do not decode
 * raise {@link RecordDecodingException} naming the record type.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static {
        TrustedSchemaClasses.install();
    }

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSerde(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        // records written with an earlier release's schema carry its fingerprint: resolve them too
        for (Schema released : ReleasedSchemas.of(type.getSimpleName())) {
            decoder.addSchema(released);
        }
    }

    /** The record class this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoder.encode(record);
            return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                    buffer.arrayOffset() + buffer.limit());
        } catch (Exception e) {
            throw new SerializationException("cannot encode " + type.getSimpleName()
                    + (topic == null ? "" : " for topic " + topic) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (Exception | StackOverflowError e) {
            // Avro reports bad input with IOException, AvroRuntimeException subclasses and, on
            // lengths that point past the end, IndexOutOfBounds: all mean "not a valid record".
            throw new RecordDecodingException(type.getSimpleName(), topic, data.length, e);
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // the schema is fixed by the type: nothing to configure
    }

    @Override
    public void close() {
        // stateless: nothing to release
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
