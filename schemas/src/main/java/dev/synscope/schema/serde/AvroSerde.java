package dev.synscope.schema.serde;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
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
 * <pre>
 *  0      2                      10
 *  +------+----------------------+---------------------------------+
 *  |C3 01 | schema fingerprint   | Avro binary encoding of the     |
 *  |marker| 8 bytes, little end. | record (the schema's fields)    |
 *  +------+----------------------+---------------------------------+
 * </pre>
 *
 * <p>The one Avro codec of the project, fast because every header record passes several of them:
 * Avro's message encoder/decoder go through a {@code ByteArrayOutputStream} /
 * {@code ByteArrayInputStream} one byte at a time (a synchronized call per byte) and copy twice.
 * Here a buffered binary encoder writes into a reused per-thread buffer, the decoder reads the
 * array in place, and both use the generated classes' own encode/decode methods ("custom coders").
 * Avro's {@link BinaryDecoder} still reads every length, so its {@code SystemLimitException} limits
 * on string, bytes and collection lengths hold.
 *
 * <p>What the fast path does not handle goes to Avro's message encoder/decoder, which then decides:
 * records written with the schema of an earlier release ({@link ReleasedSchemas}, another
 * fingerprint) are read through Avro schema resolution into the current class; bytes that do not
 * decode raise {@link RecordDecodingException} naming the record type; a record that cannot be
 * written raises a {@link SerializationException} with Avro's reason.
 *
 * <p>A {@code null} value (a tombstone) passes through as {@code null}. Thread-safe.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static {
        AvroLimits.install();
        TrustedSchemaClasses.install();
    }

    /** Marker and fingerprint. */
    private static final int HEADER = 10;

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final byte[] header;
    private final ThreadLocal<Codec<T>> codecs;

    /** Per thread: Avro's writer/reader and encoder/decoder objects are reused, not shared. */
    private static final class Codec<T> {
        final SpecificDatumWriter<T> writer;
        final SpecificDatumReader<T> reader;
        final Buffer buffer = new Buffer();
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        Codec(Schema schema, SpecificData model) {
            this.writer = new SpecificDatumWriter<>(schema, model);
            this.reader = new SpecificDatumReader<>(schema, schema, model);
        }
    }

    /** An unsynchronized growable byte buffer. */
    private static final class Buffer extends java.io.OutputStream {
        byte[] bytes = new byte[512];
        int size;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    public AvroSerde(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        // records written with an earlier release's schema carry its fingerprint: resolve them too
        for (Schema released : ReleasedSchemas.of(type.getSimpleName())) {
            decoder.addSchema(released);
        }
        this.header = singleObjectHeader(schema);
        // the fast path: the generated classes' custom coders instead of Avro's reflective field walk,
        // in a model of its own, so the shared model of the message encoder/decoder is left alone
        SpecificData fast = new SpecificData(type.getClassLoader());
        fast.setCustomCoders(true);
        this.codecs = ThreadLocal.withInitial(() -> new Codec<>(schema, fast));
    }

    /** The 10 bytes every record of this schema starts with: {@code C3 01} and the schema's fingerprint. */
    static byte[] singleObjectHeader(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        byte[] header = new byte[HEADER];
        header[0] = (byte) 0xC3;
        header[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
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
        Codec<T> c = codecs.get();
        try {
            c.buffer.size = 0;
            c.buffer.write(header, 0, HEADER);
            c.encoder = EncoderFactory.get().binaryEncoder(c.buffer, c.encoder);
            c.writer.write(record, c.encoder);
            c.encoder.flush();
            return Arrays.copyOf(c.buffer.bytes, c.buffer.size);
        } catch (Exception e) {
            // not writable on the fast path: Avro's message encoder writes it or says why
            return serializeByMessageEncoder(topic, record);
        }
    }

    private byte[] serializeByMessageEncoder(String topic, T record) {
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
        if (data.length > HEADER && Arrays.equals(data, 0, HEADER, header, 0, HEADER)) {
            Codec<T> c = codecs.get();
            try {
                c.decoder = DecoderFactory.get().binaryDecoder(data, HEADER, data.length - HEADER, c.decoder);
                T value = c.reader.read(null, c.decoder);
                if (c.decoder.isEnd()) {
                    return value;
                }
            } catch (Exception | StackOverflowError e) {
                // not a valid record after all: the message decoder reports it with the typed error
            }
        }
        // another fingerprint (an earlier release's schema, another type) or not a valid record
        try {
            return decoder.decode(data);
        } catch (Exception | StackOverflowError e) {
            // Avro reports bad input with IOException, AvroRuntimeException subclasses and, on
            // lengths that point past the end, IndexOutOfBounds: all mean "not a valid record".
            throw new RecordDecodingException(type.getSimpleName(), topic, data.length, e);
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
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
